import { z } from 'zod';
import { cacheOptionsSchema, cacheStoreNameSchema } from '../cache/cache-options.js';
import { clientOptionsSchema } from '../options/client-options-schema.js';
import { wholeNumber } from '../options/option-schemas.js';
import { rateLimitOptionsSchema } from '../options/rate-limit-options-schema.js';
import { retryOptionsSchema } from '../options/resilience-options-schema.js';
import { secretSchema, secretUrlSchema } from '../options/secret-schemas.js';

const client = clientOptionsSchema.shape;

/** Log levels of `BULWARK_LOG_LEVEL`, as pino names them. */
export const logLevelSchema = z
  .literal(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
    error: 'expected one of trace, debug, info, warn, error, fatal, silent',
  })
  .default('info');

/**
 * The configuration `loadConfig()` returns, with its defaults: the client
 * options the environment can set (the same field schemas as
 * {@link clientOptionsSchema}, so the defaults are declared once), plus the
 * gateway's and the CLI's settings. Secrets parse into `Secret`s.
 */
export const bulwarkConfigSchema = z.object({
  /** Upstream key (`OPENAI_API_KEY` or the content of `OPENAI_API_KEY_FILE`). */
  apiKey: client.apiKey,
  /** Upstream base URL (`OPENAI_BASE_URL`). @default 'https://api.openai.com/v1' */
  baseURL: client.baseURL,
  /** Sent as `OpenAI-Organization` (`OPENAI_ORG_ID`). */
  organization: client.organization,
  /** Sent as `OpenAI-Project` (`OPENAI_PROJECT_ID`). */
  project: client.project,
  /** Default model (`BULWARK_MODEL`). @default 'gpt-4-1106-preview' */
  model: client.model,
  /** Per-attempt timeout in milliseconds (`BULWARK_TIMEOUT_MS`). @default 60000 */
  timeoutMs: client.timeoutMs,
  /** Retry policy (`BULWARK_MAX_ATTEMPTS`). */
  retry: retryOptionsSchema.pick({ maxAttempts: true }).prefault({}),
  /** Circuit breaker (`BULWARK_BREAKER_THRESHOLD`, `BULWARK_BREAKER_HALF_OPEN_MS`). */
  circuitBreaker: client.circuitBreaker,
  /** Bulkhead (`BULWARK_MAX_CONCURRENCY`, `BULWARK_MAX_QUEUE`). */
  bulkhead: client.bulkhead,
  /** Client-side limits; 0 turns a limit off (`BULWARK_RPM`, `BULWARK_TPM`, `BULWARK_RATE_MAX_WAIT_MS`). */
  rateLimit: rateLimitOptionsSchema.pick({ rpm: true, tpm: true, maxWaitMs: true }).prefault({}),
  /** Response cache (`BULWARK_CACHE`, `BULWARK_CACHE_TTL_MS`, `BULWARK_CACHE_MAX_BYTES`). */
  cache: z
    .object({
      /** Where entries live: `memory`, `redis` or `off`. @default 'memory' */
      store: cacheStoreNameSchema,
      /** Entry lifetime in milliseconds. @default 3600000 */
      ttlMs: cacheOptionsSchema.shape.ttlMs,
      /** Size bound of the memory store in bytes. @default 67108864 */
      maxBytes: cacheOptionsSchema.shape.maxBytes,
    })
    .prefault({}),
  /** Keep-alive connections per upstream origin (`BULWARK_UPSTREAM_CONNECTIONS`). @default 32 */
  upstreamConnections: client.upstreamConnections,
  /** Forward proxies (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, or their lower-case forms). */
  proxy: client.proxy.unwrap().prefault({}),
  /**
   * Routes and deployments, read from the routes file named by
   * `BULWARK_ROUTES_FILE` (or the `routesFile` override) with every key
   * resolved (see docs/routes.md).
   * @default undefined (one upstream: `baseURL` with `apiKey`)
   */
  routes: client.routes,
  /**
   * Corrections and additions to the model table (prices, windows), read
   * from the models file `BULWARK_MODELS_FILE` names (docs/observability.md).
   * @default {}
   */
  models: client.models,
  /** Shared state across instances. */
  redis: z
    .object({
      /**
       * `BULWARK_REDIS_URL`; a secret, since it may hold a password. When set,
       * the rate limits are shared through Redis, and so is the cache with
       * `BULWARK_CACHE=redis` (which requires it).
       */
      url: secretUrlSchema(
        ['redis:', 'rediss:'],
        'expected a redis:// or rediss:// URL',
      ).optional(),
    })
    .prefault({}),
  /** The HTTP gateway. */
  gateway: z
    .object({
      /** Listen address (`BULWARK_HOST`). @default '127.0.0.1' */
      host: z.string().min(1, { error: 'expected a host name or address' }).default('127.0.0.1'),
      /** Listen port (`BULWARK_PORT`). @default 8787 */
      port: wholeNumber(1, 65_535).default(8787),
      /** Keys callers must present (`BULWARK_API_KEYS`, comma-separated). @default [] */
      apiKeys: z.array(secretSchema).default(() => []),
      /**
       * Put prompts in the gateway's request log lines (`BULWARK_LOG_PROMPTS`).
       * Prompts are user data, so they are left out by default.
       * @default false
       */
      logPrompts: z.boolean({ error: 'expected true or false' }).default(false),
    })
    .prefault({}),
  /**
   * Requests per minute each caller of the gateway may make
   * (`BULWARK_CALLER_RPM`): per key, or per IP address when the gateway has
   * no keys. `0` turns the limit off.
   * @default 0
   */
  callerRpm: wholeNumber(0).default(0),
  /**
   * Folder of the gateway's embedded store: its keys and their spend, in
   * `bulwark.db` (`BULWARK_STATE_DIR`; see docs/keys.md). A relative path is
   * relative to the working folder of the process that opens the store.
   * Unused when `BULWARK_REDIS_URL` is set: the keys then live in Redis.
   * @default './.bulwark'
   */
  stateDir: z.string().min(1, { error: 'expected a folder path' }).default('./.bulwark'),
  /** Log level of the gateway and the CLI (`BULWARK_LOG_LEVEL`). @default 'info' */
  logLevel: logLevelSchema,
});

/**
 * The resolved configuration returned by `loadConfig()`, as
 * {@link bulwarkConfigSchema} declares it. Its client part (`apiKey` …
 * `routes`) is what `createClient()` takes, so `createClient(loadConfig())`
 * works; `redis`, `gateway`, `callerRpm`, `stateDir` and `logLevel` are for the adapters
 * and the CLI.
 * Secrets are `Secret` values: the config prints, logs and serialises with
 * them masked.
 */
export type BulwarkConfig = z.output<typeof bulwarkConfigSchema>;

/**
 * Explicit values for `loadConfig({ overrides })`, the highest priority
 * source (e.g. CLI flags): any part of {@link BulwarkConfig}, validated by
 * {@link bulwarkConfigSchema}; secrets may be given as strings or `Secret`s.
 * Plus `routesFile`, a routes file read in place of `BULWARK_ROUTES_FILE`.
 */
export type ConfigOverrides = z.input<typeof bulwarkConfigSchema> & {
  /**
   * A routes file (YAML or JSON, relative to `cwd`) to read instead of the
   * one `BULWARK_ROUTES_FILE` names, e.g. the CLI's `--routes`; its key
   * variables are read from the same environment (see docs/routes.md). Not
   * with `routes`, which gives the routes themselves.
   */
  routesFile?: string | undefined;
};

/** Log levels of `BULWARK_LOG_LEVEL`, as pino names them. */
export type LogLevel = z.output<typeof logLevelSchema>;
