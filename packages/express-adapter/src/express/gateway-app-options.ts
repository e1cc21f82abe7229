import type { GatewayOptions } from '../node/gateway-options.js';

/** Options of `createGatewayApp()`, beyond what the configuration says (those of `createNodeGateway()`). */
export type GatewayAppOptions = GatewayOptions;
