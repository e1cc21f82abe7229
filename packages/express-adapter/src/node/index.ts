/**
 * `@bulwark/express-adapter/node`: the gateway as a plain `node:http`
 * handler; importing it does not load Express.
 *
 * @module @bulwark/express-adapter/node
 */
export {
  createGatewayHandler,
  type GatewayHandler,
  type HandleOptions,
} from './create-gateway-handler.js';
export type { GatewayHandlerOptions } from './gateway-handler-options.js';
export { createNodeGateway, type NodeGateway } from './create-node-gateway.js';
export type { GatewayParts } from './assemble-gateway.js';
export type { GatewayOptions } from './gateway-options.js';
export type { PerCallerLimitOptions } from './caller-limiter.js';
export { getRequestContext, findRequestContext, type RequestContext } from './request-context.js';
export {
  streamChatCompletion,
  type StreamChatCompletionOptions,
} from './stream-chat-completion.js';
export {
  listenGateway,
  type GatewayServer,
  type ListenGatewayOptions,
} from '../server/listen-gateway.js';
export {
  createGatewayMetrics,
  type GatewayMetrics,
  type GatewayMetricsOptions,
  type RequestSample,
} from '../metrics/create-gateway-metrics.js';
export {
  createStatusCollector,
  type StatusCollector,
  type StatusCollectorOptions,
  type StatusRequestSample,
} from '../status/create-status-collector.js';
export type {
  BreakerStatus,
  ModelStatus,
  StatusSeries,
  StatusSnapshot,
  StatusSummary,
} from '../status/status-snapshot.js';
export {
  createGatewayLogger,
  REDACTED_LOG_PATHS,
  type GatewayLoggerOptions,
} from '../logging/create-gateway-logger.js';
