import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MODELS } from '@bulwark/core/models';
import { silentLogger } from '@bulwark/core';
import { loadOpenTelemetry } from '@bulwark/core/telemetry';
import bytes from 'bytes';
import { createStatusRoutes } from '../status/serve-status.js';
import { createCallerAdmission } from './admit-caller.js';
import { createChatCompletionsRoute } from './chat-completions-route.js';
import { createEmbeddingsRoute } from './embeddings-route.js';
import type { GatewayHandler, HandleOptions } from './gateway-handler.js';
import type { GatewayHandlerOptions } from './gateway-handler-options.js';
import { GatewayHttpError } from './gateway-http-error.js';
import { gatewayKeyGuard } from './key-guard.js';
import { serveKeyReport } from './key-route.js';
import { matchRoute, type RouteMatch } from './match-route.js';
import { createModelsRoute } from './models-route.js';
import { readiness } from './readiness.js';
import { createRequestRecorder } from './record-request.js';
import { startRequestContext, type RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';
import { sendError } from './send-error.js';
import { createRequestTracer } from './trace-request.js';

export type { GatewayHandler, HandleOptions } from './gateway-handler.js';

const HEALTHY = JSON.stringify({ status: 'ok' });

/**
 * The gateway as a plain `(request, response)` function for `node:http`, no
 * framework: `POST /v1/chat/completions` (JSON or server-sent events),
 * `POST /v1/embeddings`, `GET /v1/models`, `GET /v1/models/{id}`, `GET /v1/bulwark/key`,
 * `GET /healthz`, `GET /readyz`, with `metrics`
 * `GET /metrics`, and with `status` the live status page `GET /` and its
 * data `GET /bulwark/status` (behind the keys); anything else a JSON 404.
 * It owns everything the gateway does around core: caller keys (and with
 * `keyStore` each store key's models, limits and budget, docs/keys.md) and the
 * per-caller limit on `/v1`, the body limit, `x-request-id`, one log line
 * and the metrics per request (labelled with the route's pattern, also
 * when the gateway refused the request before the route ran), the status
 * page's counts of `/v1` requests, OpenAI-shaped errors, and the abort of
 * the core call when the client goes away. Retries, caching and upstream
 * limits are the client's.
 *
 * @param options - the client, caller keys, limits, logger and metrics.
 * @returns the handler; `createGatewayRouter()` wraps the same handler for Express.
 * @throws TypeError when `bodyLimit` is not a byte count or size string, or
 * `callerRpm` not a whole number ≥ 0.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createClient, loadConfig } from '@bulwark/core';
 * import { createGatewayHandler } from '@bulwark/express-adapter/node';
 *
 * const handler = createGatewayHandler({ client: createClient(loadConfig()) });
 * createServer(handler).listen(8787, '127.0.0.1');
 * ```
 */
export function createGatewayHandler(options: GatewayHandlerOptions): GatewayHandler {
  const { client, metrics, status } = options;
  const logger = options.logger ?? silentLogger;
  const apiKeys = options.apiKeys ?? [];
  const { keyStore } = options;
  const admit = createCallerAdmission(options);
  const bodyLimit = bytes.parse(options.bodyLimit ?? '2mb');
  if (bodyLimit === null || !(bodyLimit >= 0)) {
    throw new TypeError(`bodyLimit must be a byte count or a size such as '2mb'`);
  }
  const guard = gatewayKeyGuard(options);
  const chat = createChatCompletionsRoute({
    client,
    logPrompts: options.logPrompts ?? false,
    bodyLimit,
    guard,
  });
  const embeddings = createEmbeddingsRoute({
    client,
    logPrompts: options.logPrompts ?? false,
    bodyLimit,
    guard,
  });
  const models = createModelsRoute(
    options.models ?? Object.keys(DEFAULT_MODELS),
    Math.floor(Date.now() / 1000),
  );
  const record = createRequestRecorder({ logger, metrics, status });
  // The status page is behind BULWARK_API_KEYS (the operator's keys), not the store's (its tenants'):
  // with a store and no such keys it is not served.
  const statusRoutes =
    status === undefined || (keyStore !== undefined && apiKeys.length === 0)
      ? undefined
      : createStatusRoutes(status, apiKeys);
  const trace = createRequestTracer(loadOpenTelemetry());

  /** Answers the matched route: a promise only from a route that waits (the API, metrics). */
  function route(
    request: IncomingMessage,
    response: ServerResponse,
    context: RequestContext,
    match: RouteMatch,
    next: (() => void) | undefined,
  ): Promise<void> | void {
    switch (match.name) {
      case 'chat':
        return chat(request, response, context);
      case 'embeddings':
        return embeddings(request, response, context);
      case 'models':
        return models.list(response, context);
      case 'model':
        return models.retrieve(response, context, match);
      case 'key':
        return serveKeyReport(keyStore, response, context);
      case 'health':
        return sendAnswer(response, context, 200, HEALTHY);
      case 'ready': {
        const { status, body } = readiness(client.health());
        return sendAnswer(response, context, status, JSON.stringify(body));
      }
      case 'metrics': {
        const registry = metrics?.registry;
        if (registry === undefined) break;
        return registry
          .metrics()
          .then((text) =>
            sendAnswer(response, context, 200, text, undefined, registry.contentType),
          );
      }
      case 'status-page':
      case 'status-data':
        if (statusRoutes === undefined) break;
        return statusRoutes(request, response, context, match.name);
      case undefined:
        break;
    }
    if (next !== undefined) {
      response.setHeader('x-request-id', context.requestId);
      next();
      return;
    }
    throw new GatewayHttpError({
      status: 404,
      code: 'not_found',
      message: `Unknown route: ${request.method ?? ''} ${match.path.slice(0, 200)}`,
    });
  }

  function handle(
    request: IncomingMessage,
    response: ServerResponse,
    handleOptions: HandleOptions = {},
  ): void {
    const match = matchRoute(
      request.method,
      request.url,
      metrics !== undefined,
      statusRoutes !== undefined,
    );
    const basePath = handleOptions.basePath ?? '';
    const pattern =
      basePath === '' || match.name === undefined ? match.pattern : basePath + match.pattern;
    const context = startRequestContext(request, response, pattern);
    response.once('close', () => record(request, response, context, match.underV1));
    const fail = (error: unknown) => sendError(response, context, error, logger);
    const run = () => {
      const { next } = handleOptions;
      try {
        // Called directly, not from an async function: each promise returned from one costs turns.
        const served =
          admit !== undefined && match.underV1
            ? admit(request, context).then(() => route(request, response, context, match, next))
            : route(request, response, context, match, next);
        if (served instanceof Promise) served.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    // API routes get a SERVER span when an SDK is registered; probes, /metrics and the status page do not.
    if (trace !== undefined && match.underV1 && match.name !== undefined) {
      trace(request, response, context, run);
    } else run();
  }

  return Object.assign(
    (request: IncomingMessage, response: ServerResponse) => handle(request, response),
    { handle },
  );
}
