import type { BulwarkClient, Logger, Secret } from '@bulwark/core';
import type { ModelInfo } from '@bulwark/core/models';
import type { KeyStore } from '../keys/key-store.js';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.js';
import type { StatusCollector } from '../status/create-status-collector.js';
import type { PerCallerLimitOptions } from './caller-limiter.js';

/** Options of `createGatewayHandler()` (and of `createGatewayRouter()`). Only `client` is required. */
export interface GatewayHandlerOptions {
  /** The core client every completion goes through (retries, breaker, cache, limits). */
  client: BulwarkClient;
  /**
   * Keys callers must present as `Authorization: Bearer <key>` on every
   * `/v1` route. Empty means an open gateway: keep it on loopback.
   * @default []
   */
  apiKeys?: readonly (string | Secret)[] | undefined;
  /**
   * The key store (`openKeyStore()`, docs/keys.md): its keys are accepted
   * together with `apiKeys`, each with its own model list, expiry, requests
   * and tokens per minute and budget, and `GET /v1/bulwark/key` reports on
   * them. With a store every `/v1` route requires a key. The caller owns
   * the store and closes it.
   */
  keyStore?: KeyStore | undefined;
  /**
   * The model table a store key's calls are priced with, for their
   * reservations (the client prices the true cost with its own).
   * @default DEFAULT_MODELS (`@bulwark/core/models`)
   */
  modelTable?: Readonly<Record<string, ModelInfo>> | undefined;
  /**
   * The model of a request that names none (the client's `model`), for a
   * store key's model list and budget.
   * @default the client's default, `BULWARK_MODEL`'s default
   */
  defaultModel?: string | undefined;
  /**
   * How long a store key's reservation counts, in ms: past the longest a
   * call can take (every attempt and its waits). A gateway that dies
   * mid-call leaves no money set aside for longer.
   * @default 600000 (10 minutes)
   */
  reservationTtlMs?: number | undefined;
  /**
   * Largest accepted request body; larger ones get a 413. A byte count or a
   * string such as `'2mb'`.
   * @default '2mb'
   */
  bodyLimit?: number | string | undefined;
  /** Where each request's log line goes (pino-compatible). @default silentLogger */
  logger?: Logger | undefined;
  /** The metrics to record and to serve on `GET /metrics`; without it there is no `/metrics`. */
  metrics?: GatewayMetrics | undefined;
  /**
   * The numbers of the live status page: with it, `GET /` serves the page
   * and `GET /bulwark/status` its data (behind `apiKeys` when set, as
   * Bearer or HTTP Basic with the key as password); without it both are 404s.
   */
  status?: StatusCollector | undefined;
  /**
   * Requests per minute each caller (its gateway key, else its IP address)
   * may make on the `/v1` routes; beyond that, 429
   * `caller_rate_limit_exceeded` with `retry-after`. 0 turns the limit off.
   * @default 0
   */
  callerRpm?: number | undefined;
  /**
   * The per-caller limit with its own window; when set (or `false`) it
   * takes precedence over `callerRpm`.
   * @deprecated use `callerRpm`.
   */
  perCallerLimit?: PerCallerLimitOptions | false | undefined;
  /**
   * The model ids `GET /v1/models` lists and `GET /v1/models/{id}` finds
   * (any other id: 404 `model_not_found`).
   * @default Object.keys(DEFAULT_MODELS)
   */
  models?: readonly string[] | undefined;
  /**
   * Put each chat request's `messages` in its log line. Prompts are user
   * data: leave it off unless you need it (`BULWARK_LOG_PROMPTS=true`).
   * @default false
   */
  logPrompts?: boolean | undefined;
}
