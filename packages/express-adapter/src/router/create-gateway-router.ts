import express, { Router } from 'express';
import { DEFAULT_MODELS, silentLogger } from '@bulwark/core';
import { handleGatewayError } from '../http/handle-gateway-error.js';
import { chatCompletionsRoute } from '../routes/chat-completions-route.js';
import { healthRoute } from '../routes/health-route.js';
import { metricsRoute } from '../routes/metrics-route.js';
import { modelsRoute } from '../routes/models-route.js';
import { readyRoute } from '../routes/ready-route.js';
import { limitPerCaller } from '../security/limit-per-caller.js';
import { requireApiKey } from '../security/require-api-key.js';
import type { GatewayRouterOptions } from './gateway-router-options.js';
import { createRequestContext } from './request-context.js';

/**
 * An Express router that makes an app an OpenAI-compatible gateway in front
 * of a Bulwark client (DESIGN §5): `POST /v1/chat/completions` (JSON or
 * server-sent events), `GET /v1/models`, `GET /healthz`, `GET /readyz` and,
 * with `metrics`, `GET /metrics`. It translates HTTP to core calls and core
 * errors to OpenAI-shaped answers; retries, caching and upstream limits are
 * the client's. Every answer carries `x-request-id`; errors in its routes
 * (bad JSON, a body over `bodyLimit`, upstream failures) never reach
 * Express's default handler.
 *
 * @param options - the client, the keys callers must present, limits, logger and metrics.
 * @returns the router; mount it at the root (`app.use(router)`) or under a
 * prefix (`app.use('/ai', router)` serves `/ai/v1/...`).
 * @throws nothing itself: failures of a request are answered as OpenAI
 * errors (see `toOpenAIErrorResponse` of `@bulwark/core`).
 * @example
 * ```ts
 * const client = createClient(loadConfig());
 * const app = express();
 * app.use(createGatewayRouter({ client, apiKeys: ['a-long-random-key'] }));
 * app.listen(8787, '127.0.0.1');
 * ```
 */
export function createGatewayRouter(options: GatewayRouterOptions): Router {
  const { client, metrics } = options;
  const logger = options.logger ?? silentLogger;
  const router = Router();
  router.use(createRequestContext({ logger, metrics }));
  router.get('/healthz', healthRoute());
  router.get('/readyz', readyRoute(client));
  if (metrics !== undefined) router.get('/metrics', metricsRoute(metrics));

  const v1 = Router();
  const apiKeys = options.apiKeys ?? [];
  if (apiKeys.length > 0) v1.use(requireApiKey(apiKeys));
  if (options.perCallerLimit !== false) v1.use(limitPerCaller(options.perCallerLimit ?? {}));
  // Any content type is read as JSON, as OpenAI does (`curl -d` sends form encoding).
  const json = express.json({ limit: options.bodyLimit ?? '2mb', type: () => true });
  v1.post(
    '/chat/completions',
    json,
    chatCompletionsRoute({ client, logPrompts: options.logPrompts ?? false }),
  );
  v1.get('/models', modelsRoute(options.models ?? Object.keys(DEFAULT_MODELS)));
  router.use('/v1', v1);
  router.use(handleGatewayError(logger));
  return router;
}
