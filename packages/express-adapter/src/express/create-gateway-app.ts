import express, { type Express } from 'express';
import type { BulwarkConfig } from '@bulwark/core';
import { assembleGateway, type GatewayParts } from '../node/assemble-gateway.js';
import type { GatewayAppOptions } from './gateway-app-options.js';
import { createGatewayRouter } from './create-gateway-router.js';
import { handleGatewayError } from './handle-gateway-error.js';
import { notFoundHandler } from './not-found-handler.js';

/** An Express app made by `createGatewayApp()`, with its parts under `gateway`. */
export type GatewayApp = Express & {
  /** The client, logger, metrics and `close()` of the app. */
  readonly gateway: GatewayParts;
};

/**
 * Builds a ready gateway app from `loadConfig()`'s output: a core client, a
 * pino logger (secrets redacted, written asynchronously), a prom-client
 * registry of its own, the gateway router (with `config.gateway.apiKeys`
 * and `config.callerRpm`), then a JSON 404 and an error handler, so
 * Express's HTML pages never show. `createNodeGateway()` is the same without Express.
 *
 * @param config - the configuration, e.g. `loadConfig()`.
 * @param options - an upstream `fetch` (mock), a log destination, limits.
 * @returns the app; listen with `listenGateway(app, …)` or `app.listen()`.
 * @throws {@link @bulwark/core!ConfigError} when `config.gateway.host` is not loopback and
 * no API keys are set, unless `insecureNoAuth` is true.
 * @example
 * ```ts
 * const app = createGatewayApp(loadConfig());
 * const server = await listenGateway(app, { host: '127.0.0.1', port: 8787 });
 * console.log(server.url); // http://127.0.0.1:8787
 * ```
 */
export function createGatewayApp(
  config: BulwarkConfig,
  options: GatewayAppOptions = {},
): GatewayApp {
  const { parts, handlerOptions } = assembleGateway(config, options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(createGatewayRouter(handlerOptions));
  app.use(notFoundHandler());
  app.use(handleGatewayError(parts.logger));
  return Object.assign(app, { gateway: parts });
}
