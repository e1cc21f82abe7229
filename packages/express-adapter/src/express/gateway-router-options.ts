import type { GatewayHandlerOptions } from '../node/gateway-handler-options.js';

/** Options of `createGatewayRouter()`: those of the handler it wraps. Only `client` is required. */
export type GatewayRouterOptions = GatewayHandlerOptions;
