import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Attributes, Span } from '@opentelemetry/api';
import type { OpenTelemetryApi } from '@bulwark/core/telemetry';
import type { RequestContext } from './request-context.js';

/**
 * Runs the handling of one API request (`run`) inside its SERVER span, or
 * just runs it when no OpenTelemetry SDK is registered; see
 * {@link createRequestTracer}.
 */
export type RequestTracer = (
  request: IncomingMessage,
  response: ServerResponse,
  context: RequestContext,
  run: () => void,
) => void;

const TRACER_NAME = '@bulwark/express-adapter';

/**
 * The gateway's SERVER spans (docs/observability.md): for each API request,
 * the context of the caller's W3C `traceparent` (through the registered
 * propagator) is continued with a span named `{method} {route}`
 * (`POST /v1/chat/completions`) carrying the HTTP semantic-convention
 * attributes, and the request runs inside it, so that core's call span is
 * its child. The span ends when the response closes, with
 * `http.response.status_code` (499 for a client that went away first) and,
 * for an error, `error.type`: the error code the gateway answered
 * (`rate_limit_exceeded`), else the status as a string.
 *
 * Without a registered tracer provider nothing is done but one look at the
 * API's global (no allocation per request). When the host application's
 * own HTTP instrumentation already made a span for the request, no second
 * SERVER span is added: the call span becomes a child of that one.
 *
 * @param api - the OpenTelemetry API: `loadOpenTelemetry()`, `undefined` when not installed.
 * @returns the tracer, or `undefined` without the API.
 */
export function createRequestTracer(api: OpenTelemetryApi | undefined): RequestTracer | undefined {
  if (api === undefined) return undefined;
  const recording = tracingCheck(api);
  return (request, response, context, run) => {
    if (!recording()) return run();
    const active = api.context.active();
    if (api.trace.getSpan(active) !== undefined) return run();
    const parent = api.propagation.extract(active, request.headers);
    const method = request.method ?? 'GET';
    const span = api.trace.getTracer(TRACER_NAME).startSpan(
      `${method} ${context.route}`,
      {
        kind: api.SpanKind.SERVER,
        attributes: requestAttributes(request, method, context.route),
      },
      parent,
    );
    response.once('close', () => endSpan(api, span, response, context));
    api.context.with(api.trace.setSpan(parent, span), run);
  };
}

/**
 * Whether a tracer provider is registered, read from the API's global on
 * each call (an SDK may be registered after the gateway was built). The API
 * answers a no-op provider when none is; that one is known once, up front.
 */
function tracingCheck(api: OpenTelemetryApi): () => boolean {
  type MaybeProxy = { getDelegate?: () => unknown };
  const noop = (new api.ProxyTracerProvider() as MaybeProxy).getDelegate?.();
  return () => {
    const provider = api.trace.getTracerProvider() as MaybeProxy;
    return provider.getDelegate === undefined || provider.getDelegate() !== noop;
  };
}

/** The HTTP server semantic-convention attributes known when the request arrives. */
function requestAttributes(request: IncomingMessage, method: string, route: string): Attributes {
  const original = (request as { originalUrl?: string }).originalUrl ?? request.url ?? '/';
  const query = original.indexOf('?');
  const attributes: Attributes = {
    'http.request.method': method,
    'http.route': route,
    'url.path': query === -1 ? original : original.slice(0, query),
    'url.scheme':
      (request as { protocol?: string }).protocol ??
      ((request.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http'),
    'network.protocol.version': request.httpVersion,
  };
  const [address, port] = serverAddress(request);
  if (address !== undefined) attributes['server.address'] = address;
  if (port !== undefined) attributes['server.port'] = port;
  // Express's `req.ip` honours its `trust proxy` setting; node:http has the socket only.
  const client = (request as { ip?: string }).ip ?? request.socket.remoteAddress;
  if (client !== undefined) attributes['client.address'] = client;
  const userAgent = request.headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  return attributes;
}

/** `server.address` and `server.port`: from the `Host` header, else the socket's local end. */
function serverAddress(request: IncomingMessage): [string | undefined, number | undefined] {
  const host = request.headers.host;
  if (host === undefined || host === '') {
    return [request.socket.localAddress, request.socket.localPort];
  }
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(host);
  if (match === null) return [undefined, undefined];
  const name = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return [name === '' ? undefined : name, match[2] === undefined ? undefined : Number(match[2])];
}

/** Ends the SERVER span once the response closed, with its status and error type. */
function endSpan(
  api: OpenTelemetryApi,
  span: Span,
  response: ServerResponse,
  context: RequestContext,
): void {
  const status = response.writableFinished ? response.statusCode : 499;
  span.setAttribute('http.response.status_code', status);
  const errorType = context.errorCode ?? (status >= 400 ? String(status) : undefined);
  if (errorType !== undefined) span.setAttribute('error.type', errorType);
  // HTTP semantic conventions: a server's 4xx is the caller's error, not the span's;
  // a stream that failed after its 200 is.
  if (status >= 500 || (status < 400 && errorType !== undefined)) {
    span.setStatus({ code: api.SpanStatusCode.ERROR });
  }
  span.end();
}
