import type { Dispatcher } from 'undici';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import { decodeBody } from './decode-body.js';
import { withRequestId, type RequestHeaders } from './request-headers.js';
import type { Transport } from './transport.js';
import { toUpstreamResponse, type UpstreamAnswer } from './upstream-answer.js';
import { fromRawHeaders } from './upstream-headers.js';

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** Where the requests go: a pool for the origin, a proxy agent, or an injected dispatcher. */
  dispatcher: Dispatcher;
  /** The upstream base URL; its path prefixes every request's path. */
  baseURL: string;
  /** The transport's request headers. */
  headers: Readonly<RequestHeaders>;
  /** Secrets to mask in errors (the key). */
  secrets: readonly string[];
  /** Closes what the transport created (nothing for an injected dispatcher). */
  close: () => Promise<void>;
  /** Appended to every path (Azure's `?api-version=…`). @default '' */
  query?: string | undefined;
  /** Whether error bodies and headers are Azure OpenAI's. @default false */
  azure?: boolean | undefined;
  /**
   * Whether each request carries the origin's `host` header itself: needed
   * by a proxy agent (which does not add it to a shared header record), not
   * by a `Pool` of the origin, which writes it. @default true
   */
  hostHeader?: boolean | undefined;
}

/**
 * The transport on undici's `Dispatcher.request()`: no WHATWG `Request`,
 * `Response` or `Headers` on the way, the body serialised once, the headers
 * a record built once.
 *
 * `headersTimeout` is the request's `timeoutMs`. `bodyTimeout`, the longest
 * silence between two pieces of the body, is the same value: the attempt's
 * signal bounds the whole exchange, but a stream is read after the attempt
 * has returned, and without this a stalled upstream would hold a connection
 * for undici's default five minutes. It is an idle bound, so a long stream
 * that keeps sending is never cut, and a consumer that reads slowly does not
 * trip it (undici stops the clock while the body is paused).
 *
 * @param options - the dispatcher, the base URL, headers and secrets.
 * @returns the transport.
 */
export function createUndiciTransport(options: UndiciTransportOptions): Transport {
  const { dispatcher, secrets } = options;
  const url = new URL(options.baseURL);
  // With `host` set, undici's ProxyAgent does not add it to the shared record itself; a Pool
  // of the origin writes it without the per-request header check.
  const headers =
    options.hostHeader === false
      ? options.headers
      : Object.assign({}, options.headers, { host: url.host });
  const origin = url.origin;
  const basePath = url.pathname.replace(/\/+$/, '');
  const query = options.query ?? '';
  const answering = { stream: false, secrets, azure: options.azure };
  const streaming = { stream: true, secrets, azure: options.azure };
  return {
    // Not an async function (see the pipeline's `execute`): the answer's promise is the
    // dispatcher's, chained once.
    send(request) {
      // The emitter when there is one: undici listens to it for a fraction of a signal's cost.
      const signal = request.abort ?? request.signal;
      const failed = (error: unknown): never => {
        throw mapUpstreamError(error, { secrets, signal });
      };
      const answered = (response: Dispatcher.ResponseData) => {
        try {
          const result = toUpstreamResponse(
            toAnswer(response),
            request.stream ? streaming : answering,
          );
          return result instanceof Promise ? result.then(undefined, failed) : result;
        } catch (error) {
          return failed(error);
        }
      };
      try {
        return dispatcher
          .request({
            origin,
            path: basePath + request.path + query,
            method: 'POST',
            headers: withRequestId(headers, request.requestId),
            body: JSON.stringify(request.body),
            signal,
            headersTimeout: request.timeoutMs,
            bodyTimeout: request.timeoutMs,
          })
          .then(answered, failed);
      } catch (error) {
        return Promise.reject(mapUpstreamError(error, { secrets, signal }));
      }
    },
    close: options.close,
  };
}

function toAnswer(response: Dispatcher.ResponseData): UpstreamAnswer {
  const headers = fromRawHeaders(response.headers);
  // A body destroyed (abort, discard) before anyone reads it must not raise an unhandled
  // 'error'; a reader still gets the error through its iterator or promise.
  const body = decodeBody(response.body, headers.get('content-encoding')).on('error', ignore);
  return {
    status: response.statusCode,
    headers,
    body,
    text:
      body === response.body
        ? () => response.body.text()
        : async () => Buffer.concat((await body.toArray()) as Buffer[]).toString('utf8'),
    discard: () => body.destroy(),
  };
}

function ignore(): void {
  // The error reaches whoever reads the body.
}
