import type { BulwarkConfig } from '@bulwark/core';
import { assembleGateway, type GatewayParts } from './assemble-gateway.js';
import { createGatewayHandler, type GatewayHandler } from './create-gateway-handler.js';
import type { GatewayOptions } from './gateway-options.js';

/** A ready gateway handler made by `createNodeGateway()`, with its parts under `gateway`. */
export type NodeGateway = GatewayHandler & {
  /** The client, logger, metrics and `close()` of the gateway. */
  readonly gateway: GatewayParts;
};

/**
 * Builds a ready gateway from `loadConfig()`'s output, without Express: a
 * core client, a pino logger (secrets redacted, written asynchronously), a
 * prom-client registry of its own, and the gateway handler over them. It is
 * what `bulwark serve` runs; `createGatewayApp()` is the same in an Express app.
 *
 * @param config - the configuration, e.g. `loadConfig()`.
 * @param options - an upstream `fetch` (mock), a log destination, limits.
 * @returns the handler; listen with `listenGateway(gateway, …)`, which also
 * closes its parts on shutdown.
 * @throws {@link @bulwark/core!ConfigError} when `config.gateway.host` is not loopback and
 * no API keys are set, unless `insecureNoAuth` is true.
 * @example
 * ```ts
 * const server = await listenGateway(createNodeGateway(loadConfig()), { port: 8787 });
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export function createNodeGateway(
  config: BulwarkConfig,
  options: GatewayOptions = {},
): NodeGateway {
  const { parts, handlerOptions } = assembleGateway(config, options);
  return Object.assign(createGatewayHandler(handlerOptions), { gateway: parts });
}
