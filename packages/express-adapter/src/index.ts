/**
 * `@bulwark/express-adapter`: an OpenAI-compatible HTTP gateway in front of
 * `@bulwark/core` (see docs/architecture.md): the Express router and app,
 * and everything of `@bulwark/express-adapter/node` (the framework-free
 * handler), which loads no Express.
 *
 * @module @bulwark/express-adapter
 */
export * from './node/index.js';
export { createGatewayRouter } from './express/create-gateway-router.js';
export type { GatewayRouterOptions } from './express/gateway-router-options.js';
export { createGatewayApp, type GatewayApp } from './express/create-gateway-app.js';
export type { GatewayAppOptions } from './express/gateway-app-options.js';
export { requireApiKey } from './express/require-api-key.js';
export { limitPerCaller } from './express/limit-per-caller.js';
export { notFoundHandler } from './express/not-found-handler.js';
export { handleGatewayError } from './express/handle-gateway-error.js';
