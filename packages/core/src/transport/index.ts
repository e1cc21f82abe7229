/**
 * `@bulwark/core/transport`: one upstream HTTP exchange on its own — undici
 * `request()` on a keep-alive pool per origin, or an injected `fetch` or
 * dispatcher — and the mapping of upstream failures to Bulwark errors.
 * A client builds its transport from its options.
 *
 * @module @bulwark/core/transport
 */
export { createTransport } from './create-transport.js';
export type { TransportOptions, TransportProxy } from './transport-options.js';
export type {
  AbortEmitter,
  Transport,
  UpstreamHeaders,
  UpstreamRequest,
  UpstreamResponse,
} from './transport.js';
export {
  mapUpstreamError,
  classifyUpstreamFailure,
  QUOTA_ERROR_CODES,
  type MapUpstreamErrorOptions,
  type UpstreamFailure,
} from '../errors/map-upstream-error.js';
export { parseRetryAfter, type HeaderReader } from '../errors/parse-retry-after.js';
export { proxyOptionsSchema } from '../options/proxy-options-schema.js';
