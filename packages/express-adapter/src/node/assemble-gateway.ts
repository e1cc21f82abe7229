import { ConfigError, createClient, type BulwarkClient, type BulwarkConfig } from '@bulwark/core';
import { DEFAULT_MODELS, withDefaultModels } from '@bulwark/core/models';
import { isLoopbackHost } from '@bulwark/core/security';
import type { Logger } from 'pino';
import { createGatewayLogger } from '../logging/create-gateway-logger.js';
import { createGatewayMetrics, type GatewayMetrics } from '../metrics/create-gateway-metrics.js';
import { createStatusCollector, type StatusCollector } from '../status/create-status-collector.js';
import type { GatewayHandlerOptions } from './gateway-handler-options.js';
import type { GatewayOptions } from './gateway-options.js';

/** The parts of a ready gateway, for its owner. */
export interface GatewayParts {
  /** The core client behind the routes. */
  readonly client: BulwarkClient;
  /** The pino logger of the gateway. */
  readonly logger: Logger;
  /** The gateway's metrics and their registry. */
  readonly metrics: GatewayMetrics;
  /** The numbers of the status page (`GET /`), read with `status.snapshot()`. */
  readonly status: StatusCollector;
  /**
   * Stops the metrics' and the status page's listeners, flushes the log and closes the client
   * (awaiting its calls in flight) unless it was given in the options.
   */
  close(): Promise<void>;
}

/** What {@link assembleGateway} builds. */
export interface AssembledGateway {
  /** The parts, for `gateway` of the app or handler. */
  parts: GatewayParts;
  /** The options of the handler serving them. */
  handlerOptions: GatewayHandlerOptions;
}

/**
 * Builds what a ready gateway needs from `loadConfig()`'s output: a core
 * client, a pino logger (secrets redacted, asynchronous standard output by
 * default), a prom-client registry of its own, the status page's
 * collector, and the handler's options (`config.gateway.apiKeys`, the key
 * store given, the model table and default model, `config.callerRpm`,
 * prompt logging).
 *
 * @param config - the configuration.
 * @param options - an upstream `fetch` (mock), a log destination, limits.
 * @throws {@link @bulwark/core!ConfigError} when `config.gateway.host` is not loopback and
 * no API keys (and no key store) are set, unless `insecureNoAuth` is true.
 */
export function assembleGateway(
  config: BulwarkConfig,
  options: GatewayOptions = {},
): AssembledGateway {
  const { apiKeys, host } = config.gateway;
  const { keyStore } = options;
  const open = apiKeys.length === 0 && keyStore === undefined;
  if (open && !isLoopbackHost(host) && options.insecureNoAuth !== true) {
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
      // Every deployment's key too: a routed call's error or log line must never show one.
      secrets: [
        config.apiKey,
        ...apiKeys,
        ...Object.values(config.routes?.deployments ?? {}).map((deployment) => deployment.apiKey),
      ],
      destination: options.logDestination,
    });
  const client =
    options.client ??
    createClient(
      Object.assign(
        {},
        config,
        { logger: logger.child({ component: 'core' }) },
        options.fetch === undefined ? {} : { fetch: options.fetch },
      ),
    );
  const metrics = createGatewayMetrics({ client, defaultMetrics: options.defaultMetrics });
  const status = createStatusCollector({ client });
  const parts: GatewayParts = {
    client,
    logger,
    metrics,
    status,
    async close() {
      metrics.dispose();
      status.dispose();
      if (options.client === undefined) await client.close();
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    },
  };
  return {
    parts,
    handlerOptions: {
      client,
      apiKeys,
      keyStore,
      modelTable: withDefaultModels(config.models),
      defaultModel: config.model,
      reservationTtlMs: reservationTtlMs(config),
      logger,
      metrics,
      status,
      bodyLimit: options.bodyLimit,
      callerRpm: options.callerRpm ?? config.callerRpm,
      perCallerLimit: options.perCallerLimit,
      logPrompts: options.logPrompts ?? config.gateway.logPrompts,
      models: servedModels(config),
    },
  };
}

/**
 * What `GET /v1/models` lists: without routes, the model table; with routes,
 * every route's name, then (when the gateway has an upstream of its own for
 * the models without a route) the table's other models.
 */
function servedModels(config: BulwarkConfig): string[] | undefined {
  const routes = config.routes?.routes;
  if (routes === undefined) return undefined;
  const routed = Object.keys(routes);
  if (config.apiKey === undefined) return routed;
  return [...new Set([...routed, ...Object.keys(DEFAULT_MODELS)])];
}

/**
 * How long a store key's reservation counts: every attempt's timeout, plus
 * a minute for the waits between them, and at least 10 minutes (a stream
 * may run longer than one attempt's timeout).
 */
function reservationTtlMs(config: BulwarkConfig): number {
  return Math.max(600_000, config.timeoutMs * config.retry.maxAttempts + 60_000);
}
