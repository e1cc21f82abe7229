import type { TransportOptions } from '../transport/transport-options.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { resolveResponseCache } from '../cache/resolve-response-cache.js';
import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import type { ClientHooks } from '../hooks/hooks.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { DEFAULT_MODELS } from '../models/default-models.js';
import type { ModelInfo } from '../models/model-info.js';
import {
  resolveResilienceOptions,
  type ResolvedResilienceOptions,
} from '../policies/resilience-options.js';
import { DEFAULT_COMPLETION_TOKENS } from '../rate-limit/estimate-request-tokens.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import {
  resolveLimiterOptions,
  type TokenBucketLimiterOptions,
} from '../rate-limit/token-bucket-limiter-options.js';
import type { ClientRedis } from '../redis/open-client-redis.js';
import { RedisCacheStore, type RedisCacheOperation } from '../redis/redis-cache-store.js';
import { checkBaseUrl } from '../security/check-base-url.js';
import type { ValidationLimits } from '../validation/validation-limits.js';
import type { ClientOptions } from './client-options.js';

/** {@link ClientOptions} with the client's own defaults applied. */
export interface ResolvedClientOptions {
  /** The key in clear, or `undefined` with an injected `fetch`. */
  apiKey: string | undefined;
  /** The upstream base URL, checked by `checkBaseUrl`. */
  baseURL: string;
  /** Sent as `OpenAI-Organization`. */
  organization: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project: string | undefined;
  /** Model of requests that name none. */
  model: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Settings of the resilience pipeline, defaults applied. */
  resilience: ResolvedResilienceOptions;
  /** Both hook lists, possibly empty. */
  hooks: Required<{ [K in keyof ClientHooks]: NonNullable<ClientHooks[K]> }>;
  /** The built-in model table with the caller's entries over it. */
  models: Readonly<Record<string, ModelInfo>>;
  /** Bounds on message count and size. */
  limits: ValidationLimits;
  /** An injected `fetch`. */
  fetch: typeof fetch | undefined;
  /** Where the client logs. */
  logger: Logger;
  /** Settings of the built-in rate limiter (`rpm` and `tpm` 0 when off). */
  rateLimit: Required<
    Pick<TokenBucketLimiterOptions, 'rpm' | 'tpm' | 'maxWaitMs' | 'burstFraction'>
  > & {
    /** Completion reserve of a request that sets no maximum. */
    defaultCompletionTokens: number;
  };
  /** The caller's own rate limiter, if any. */
  rateLimiter: RateLimiter | undefined;
  /** The response cache; `undefined` with `cache.store: 'off'`. */
  cache: ResponseCache | undefined;
  /** Keep-alive connections per upstream origin. */
  upstreamConnections: number;
  /** An undici dispatcher replacing the transport's pool. */
  dispatcher: TransportOptions['dispatcher'];
  /** Proxy settings. */
  proxy: TransportOptions['proxy'];
}

/** What the client adds to {@link resolveClientOptions}: its Redis and where cache failures go. */
export interface ResolveClientContext {
  /** The client's Redis, when its `redis` option gives one. */
  redis?: ClientRedis | undefined;
  /** Told every cache store failure (the call goes on without the cache). */
  onCacheError?: ((error: unknown, operation: RedisCacheOperation) => void) | undefined;
}

/**
 * Applies the defaults of {@link ClientOptions} and checks what the client
 * relies on: a key or a `fetch`, a secure base URL, a positive timeout, and
 * resilience settings in range. `cache.store: 'redis'` becomes a
 * `RedisCacheStore` on the client's Redis (refused without one).
 *
 * @param options - the caller's options.
 * @param context - the client's Redis and cache failure callback.
 * @returns the resolved options.
 * @throws {@link ConfigError} listing every bad option.
 */
export function resolveClientOptions(
  options: ClientOptions,
  context: ResolveClientContext = {},
): ResolvedClientOptions {
  const issues: ConfigIssue[] = [];
  const apiKey =
    typeof options.apiKey === 'string' || options.apiKey === undefined
      ? options.apiKey
      : options.apiKey.reveal();
  if ((apiKey === undefined || apiKey === '') && options.fetch === undefined) {
    issues.push({
      name: 'apiKey',
      message: 'an API key is required (set OPENAI_API_KEY, or pass apiKey or a mock fetch)',
    });
  }
  const baseURL = options.baseURL ?? 'https://api.openai.com/v1';
  const baseUrlProblem = checkBaseUrl(baseURL);
  if (baseUrlProblem !== undefined) issues.push({ name: 'baseURL', message: baseUrlProblem });
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    issues.push({ name: 'timeoutMs', message: 'expected a whole number of milliseconds > 0' });
  }
  const resilience = resolveResilience(options, timeoutMs, issues);
  const rateLimit = resolveRateLimit(options, issues);
  const logger = options.logger ?? silentLogger;
  const cache = resolveCache(options, logger, issues, context);
  if (issues.length > 0 || resilience === undefined) {
    throw new ConfigError({ issues, message: 'Invalid client options' });
  }
  return {
    apiKey: apiKey === '' ? undefined : apiKey,
    baseURL,
    organization: options.organization,
    project: options.project,
    model: options.model ?? 'gpt-4-1106-preview',
    timeoutMs,
    resilience,
    hooks: {
      beforeRequest: options.hooks?.beforeRequest ?? [],
      afterResponse: options.hooks?.afterResponse ?? [],
    },
    models: { ...DEFAULT_MODELS, ...options.models },
    limits: options.limits ?? {},
    fetch: options.fetch,
    logger: options.logger ?? silentLogger,
    rateLimit,
    rateLimiter: options.rateLimiter,
    cache,
    upstreamConnections: 32,
    dispatcher: undefined,
    proxy: undefined,
  };
}

function resolveRateLimit(
  options: ClientOptions,
  issues: ConfigIssue[],
): ResolvedClientOptions['rateLimit'] {
  const { defaultCompletionTokens = DEFAULT_COMPLETION_TOKENS, ...limits } =
    options.rateLimit ?? {};
  if (!Number.isInteger(defaultCompletionTokens) || defaultCompletionTokens < 1) {
    issues.push({
      name: 'rateLimit.defaultCompletionTokens',
      message: 'expected a whole number of tokens ≥ 1',
    });
  }
  try {
    const { rpm, tpm, maxWaitMs, burstFraction } = resolveLimiterOptions(limits);
    return { rpm, tpm, maxWaitMs, burstFraction, defaultCompletionTokens };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The message starts with the option's path, e.g. "rateLimit.rpm: …".
    const [name = 'rateLimit', ...rest] = error.message.split(': ');
    issues.push({ name, message: rest.join(': ') });
    return { rpm: 0, tpm: 0, maxWaitMs: 0, burstFraction: 0, defaultCompletionTokens };
  }
}

function resolveResilience(
  options: ClientOptions,
  timeoutMs: number,
  issues: ConfigIssue[],
): ResolvedResilienceOptions | undefined {
  try {
    return resolveResilienceOptions({
      timeoutMs: issues.some((issue) => issue.name === 'timeoutMs') ? undefined : timeoutMs,
      deadlineMs: options.deadlineMs,
      retry: options.retry,
      circuitBreaker: options.circuitBreaker,
      bulkhead: options.bulkhead,
      random: options.random,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The message starts with the option's path, e.g. "retry.maxAttempts must be …".
    const [name = 'resilience', ...rest] = error.message.split(' ');
    issues.push({ name, message: rest.join(' ') });
    return undefined;
  }
}

function resolveCache(
  options: ClientOptions,
  logger: Logger,
  issues: ConfigIssue[],
  { redis, onCacheError }: ResolveClientContext,
): ResponseCache | undefined {
  const cacheOptions =
    options.cache?.store === 'redis' && redis !== undefined
      ? {
          ...options.cache,
          store: new RedisCacheStore({
            connection: redis.connection,
            keyPrefix: redis.keyPrefix,
            clock: options.cache.clock,
            // The connection warns once per outage; each failed lookup is a detail.
            onError: (error, operation) => {
              logger.debug({ operation, error: describe(error) }, 'Redis cache failed: a miss');
              onCacheError?.(error, operation);
            },
          }),
        }
      : options.cache;
  try {
    return resolveResponseCache(cacheOptions, {
      onStoreError: (error, operation) => {
        logger.warn(
          { operation, error: error instanceof Error ? error.name : typeof error },
          'The cache store failed; the call goes on without it',
        );
        onCacheError?.(error, operation);
      },
    });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
