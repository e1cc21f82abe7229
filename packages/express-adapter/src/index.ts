/**
 * `@bulwark/express-adapter`: an OpenAI-compatible HTTP gateway in front of
 * `@bulwark/core` (DESIGN §5).
 *
 * @module @bulwark/express-adapter
 */
export { createGatewayRouter } from './router/create-gateway-router.js';
export type { GatewayRouterOptions } from './router/gateway-router-options.js';
export {
  getRequestContext,
  findRequestContext,
  type RequestContext,
} from './router/request-context.js';
export { createGatewayApp, type GatewayApp, type GatewayParts } from './app/create-gateway-app.js';
export type { GatewayAppOptions } from './app/gateway-app-options.js';
export {
  listenGateway,
  type GatewayServer,
  type ListenGatewayOptions,
} from './server/listen-gateway.js';
export {
  createGatewayMetrics,
  type GatewayMetrics,
  type GatewayMetricsOptions,
  type RequestSample,
} from './metrics/create-gateway-metrics.js';
export {
  createGatewayLogger,
  REDACTED_LOG_PATHS,
  type GatewayLoggerOptions,
} from './logging/create-gateway-logger.js';
export { requireApiKey } from './security/require-api-key.js';
export { limitPerCaller, type PerCallerLimitOptions } from './security/limit-per-caller.js';
export { notFoundHandler } from './http/not-found-handler.js';
export { handleGatewayError } from './http/handle-gateway-error.js';
export { streamChatCompletion } from './routes/stream-chat-completion.js';
