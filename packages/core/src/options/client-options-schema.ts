import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { cacheOptionsSchema } from '../cache/cache-options.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { ModelInfo } from '../models/model-info.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { RedisClientOptions } from '../redis/redis-client-options.js';
import type { ResolvedRoutes, RoutesConfig } from '../routes/routes-config.js';
import { checkBaseUrl } from '../security/check-base-url.js';
import {
  DEFAULT_VALIDATION_LIMITS,
  type ValidationLimits,
} from '../validation/validation-limits.js';
import { hooksOptionsSchema } from './hooks-options-schema.js';
import { hasMethods, customValue, isFunction, isObject, wholeNumber } from './option-schemas.js';
import { proxyOptionsSchema } from './proxy-options-schema.js';
import { rateLimitOptionsSchema } from './rate-limit-options-schema.js';
import { bulkheadOptionsSchema, resilienceOptionsSchema } from './resilience-options-schema.js';
import { secretSchema } from './secret-schemas.js';

/** The upstream base URL: `https:` unless the host is loopback. */
export const baseUrlSchema = z
  .string({ error: 'must be an absolute URL' })
  .superRefine((value, context) => {
    const problem = checkBaseUrl(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });

/**
 * Every option of `createClient()`, with its validation and its default,
 * declared once: `loadConfig()` maps the environment onto the same fields
 * (see `bulwarkConfigSchema`), and the documentation's tables are generated
 * from these defaults.
 */
export const clientOptionsSchema = z.object({
  /**
   * The upstream key, in clear or as a `Secret`; parsed into a `Secret`.
   * Never logged, never in an error. Required unless `fetch` or `dispatcher`
   * gives a mock upstream.
   */
  apiKey: secretSchema.optional(),
  /**
   * The upstream base URL; `https:` is required unless the host is loopback.
   * @default 'https://api.openai.com/v1'
   */
  baseURL: baseUrlSchema.default('https://api.openai.com/v1'),
  /** Sent as the `OpenAI-Organization` header (`OPENAI_ORG_ID`). */
  organization: z.string().min(1, { error: 'expected a non-empty string' }).optional(),
  /** Sent as the `OpenAI-Project` header (`OPENAI_PROJECT_ID`). */
  project: z.string().min(1, { error: 'expected a non-empty string' }).optional(),
  /** Model of requests that name none (`BULWARK_MODEL`). @default 'gpt-4-1106-preview' */
  model: z.string().min(1, { error: 'expected a model name' }).default('gpt-4-1106-preview'),
  ...resilienceOptionsSchema.shape,
  /**
   * Client-side limits; 0 turns a limit off, and with both off (the default)
   * no limiter runs. Every attempt, retries included, takes 1 request and
   * its estimated tokens, reconciled with the usage afterwards;
   * `x-ratelimit-*` headers correct the buckets and an upstream 429 pauses
   * every call of this client until its retry-after. See
   * `createTokenBucketLimiter`.
   */
  rateLimit: rateLimitOptionsSchema.prefault({}),
  /**
   * A rate limiter to use instead of the built-in one (then `rateLimit` is
   * ignored), e.g. one that shares its buckets across processes. The client
   * does not dispose it on `close()`.
   */
  rateLimiter: customValue<RateLimiter>(
    hasMethods('acquire'),
    'expected a RateLimiter (acquire)',
  ).optional(),
  /**
   * Shared state across instances: a Redis URL (`BULWARK_REDIS_URL`; the
   * client opens the connection and closes it in `close()`) or an `ioredis`
   * connection of your own. With it, the rate limiter (when `rateLimit` sets
   * a limit) keeps its buckets in Redis, so every instance shares one
   * budget, and falls back to local limits while Redis is unreachable;
   * `cache: { store: 'redis' }` keeps the cache there too. See
   * `RedisClientOptions`.
   * @default undefined (no Redis: cache and limits per process)
   */
  redis: customValue<RedisClientOptions>(isObject, 'expected { url } or { client }').optional(),
  /**
   * Response cache and coalescing of identical calls; on by default for
   * deterministic requests, in a 64 MiB memory store, for one hour.
   */
  cache: cacheOptionsSchema.prefault({}),
  /** User pre- and post-processing, run in order. */
  hooks: hooksOptionsSchema,
  /**
   * Extra or corrected model table entries, merged over the built-in table
   * (`DEFAULT_MODELS`).
   * @default {}
   */
  models: z
    .record(z.string(), customValue<ModelInfo>(isObject, 'expected a model table entry'))
    .default(() => ({})),
  /** Bounds on message count and size. @default DEFAULT_VALIDATION_LIMITS */
  limits: customValue<ValidationLimits>(isObject, 'expected an object').default(
    () => DEFAULT_VALIDATION_LIMITS,
  ),
  /**
   * The `fetch` the SDK uses, e.g. `createMockOpenAI().fetch`.
   * @default undefined (undici's `request()` on the client's connection pool)
   */
  fetch: customValue<typeof fetch>(isFunction, 'expected a function').optional(),
  /**
   * An undici `Dispatcher` for upstream requests, e.g. a `MockAgent` in
   * tests or an `Agent` of your own; it replaces the client's own pool (and
   * then `upstreamConnections` and `proxy` do not apply).
   * @default undefined (a pool of `upstreamConnections` per upstream origin)
   */
  dispatcher: customValue<Dispatcher>(
    hasMethods('dispatch'),
    'expected an undici Dispatcher (e.g. an Agent or a MockAgent)',
  ).optional(),
  /**
   * Keep-alive connections per upstream origin, 1 to 1024
   * (`BULWARK_UPSTREAM_CONNECTIONS`). Each call in flight uses one
   * connection, so more connections than `bulkhead.maxConcurrent` are
   * never used.
   * @default 32 (the default of `bulkhead.maxConcurrent`)
   */
  upstreamConnections: wholeNumber(1, 1024).default(() =>
    bulkheadOptionsSchema.shape.maxConcurrent.parse(undefined),
  ),
  /**
   * Forward proxies of upstream requests (`HTTPS_PROXY`, `HTTP_PROXY`,
   * `NO_PROXY`, read by `loadConfig()`; core reads no variable elsewhere).
   * @default undefined (direct connections)
   */
  proxy: proxyOptionsSchema.optional(),
  /**
   * Routes and deployments (see `docs/routes.md`): the model a caller asks
   * for is sent to its route's deployments in order, falling over from one to
   * the next. Keys are given as `apiKey` values (`loadRoutesFile()` resolves a
   * file's `apiKeyEnv` and `apiKeyFile`); `loadConfig()` reads
   * `BULWARK_ROUTES_FILE`. A model without a route goes to `baseURL` with
   * `apiKey` when a key is set, else fails with `model_not_found`.
   * @default undefined (one upstream: `baseURL` with `apiKey`)
   */
  routes: customValue<RoutesConfig | ResolvedRoutes>(
    isObject,
    'expected { deployments, routes }',
  ).optional(),
  /**
   * Reporting through OpenTelemetry (docs/observability.md): a span per call
   * and the GenAI metrics, recorded only when the application registered an
   * SDK (or passes providers here) and has `@opentelemetry/api` installed.
   */
  telemetry: z
    .object({
      /**
       * Record prompts and answers on the call's span (`gen_ai.input.messages`,
       * `gen_ai.output.messages`). They are user data: leave it off unless needed.
       * @default false
       */
      recordContent: z.boolean().default(false),
      /** A tracer provider of your own. @default the globally registered one */
      tracerProvider: customValue<TracerProvider>(
        hasMethods('getTracer'),
        'expected an OpenTelemetry TracerProvider',
      ).optional(),
      /** A meter provider of your own. @default the globally registered one */
      meterProvider: customValue<MeterProvider>(
        hasMethods('getMeter'),
        'expected an OpenTelemetry MeterProvider',
      ).optional(),
    })
    .prefault({}),
  /** Structured logger (pino-compatible). @default silentLogger */
  logger: customValue<Logger>(
    hasMethods('debug', 'info', 'warn', 'error'),
    'expected a logger (debug, info, warn, error)',
  ).default(() => silentLogger),
});
