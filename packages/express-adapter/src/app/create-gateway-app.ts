import express, { type Express } from 'express';
import {
  ConfigError,
  createClient,
  isLoopbackHost,
  type BulwarkClient,
  type BulwarkConfig,
} from '@bulwark/core';
import type { Logger } from 'pino';
import { notFoundHandler } from '../http/not-found-handler.js';
import { handleGatewayError } from '../http/handle-gateway-error.js';
import { createGatewayLogger } from '../logging/create-gateway-logger.js';
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/create-gateway-metrics.js';
import { createGatewayRouter } from '../router/create-gateway-router.js';
import type { GatewayAppOptions } from './gateway-app-options.js';

/** The parts of a gateway app, for its owner. */
export interface GatewayParts {
  /** The core client behind the routes. */
  readonly client: BulwarkClient;
  /** The pino logger of the app. */
  readonly logger: Logger;
  /** The app's metrics and their registry. */
  readonly metrics: GatewayMetrics;
  /** Stops the metrics listeners and closes the client (awaiting its calls in flight). */
  close(): Promise<void>;
}

/** An Express app made by `createGatewayApp()`, with its parts under `gateway`. */
export type GatewayApp = Express & {
  /** The client, logger, metrics and `close()` of the app. */
  readonly gateway: GatewayParts;
};

/**
 * Builds a ready gateway app from `loadConfig()`'s output: a core client, a
 * pino logger (secrets redacted), a prom-client registry of its own, the
 * gateway router (with `config.gateway.apiKeys`), then a JSON 404 and an
 * error handler, so Express's HTML pages never show.
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
  const { apiKeys, host } = config.gateway;
  if (apiKeys.length === 0 && !isLoopbackHost(host) && options.insecureNoAuth !== true) {
    throw new ConfigError({
      issues: [
        {
          name: 'BULWARK_API_KEYS',
          message: `required to listen on ${host}, which is not loopback (or pass insecureNoAuth / --insecure-no-auth)`,
        },
      ],
    });
  }
  const logger =
    options.logger ??
    createGatewayLogger({
      level: config.logLevel,
      secrets: [config.apiKey, ...apiKeys],
      destination: options.logDestination,
    });
  const client =
    options.client ??
    createClient({
      ...config,
      logger: logger.child({ component: 'core' }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  const metrics = createGatewayMetrics({ client, defaultMetrics: options.defaultMetrics });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    createGatewayRouter({
      client,
      apiKeys,
      logger,
      metrics,
      bodyLimit: options.bodyLimit,
      perCallerLimit: options.perCallerLimit,
      logPrompts: options.logPrompts ?? config.gateway.logPrompts,
    }),
  );
  app.use(notFoundHandler());
  app.use(handleGatewayError(logger));
  const gateway: GatewayParts = {
    client,
    logger,
    metrics,
    async close() {
      metrics.dispose();
      if (options.client === undefined) await client.close();
    },
  };
  return Object.assign(app, { gateway });
}
