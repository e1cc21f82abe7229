import type { CacheOptions } from '../cache/cache-options.js';
import type { ClientHooks } from '../hooks/hooks.js';
import type { Logger } from '../logging/logger.js';
import type { ModelInfo } from '../models/model-info.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { RedisClientOptions } from '../redis/redis-client-options.js';
import type { Secret } from '../security/secret.js';
import type { ValidationLimits } from '../validation/validation-limits.js';

/**
 * Options of `createClient()`. Every option has a default except `apiKey`,
 * which may only be left out when `fetch` is given (a mock upstream). The
 * result of `loadConfig()` is a valid `ClientOptions`.
 */
export interface ClientOptions {
  /** The upstream key, in clear or as a {@link Secret}. Never logged, never in an error. */
  apiKey?: string | Secret | undefined;
  /**
   * The upstream base URL; `https:` is required unless the host is loopback.
   * @default 'https://api.openai.com/v1'
   */
  baseURL?: string | undefined;
  /** Sent as the `OpenAI-Organization` header. */
  organization?: string | undefined;
  /** Sent as the `OpenAI-Project` header. */
  project?: string | undefined;
  /** Model of requests that name none. @default 'gpt-4-1106-preview' */
  model?: string | undefined;
  /**
   * Timeout of each upstream attempt, in milliseconds (`BULWARK_TIMEOUT_MS`).
   * For a stream it bounds the time until the first chunk; the rest of the
   * stream is not timed (cancel it with the call's `signal`).
   * @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * Optional deadline of a whole call, in milliseconds: bulkhead queue wait,
   * every attempt and every backoff wait. When it passes the call fails with a
   * `TimeoutError` that is not retried.
   * @default undefined (no deadline)
   */
  deadlineMs?: number | undefined;
  /** Retry of retryable failures (DESIGN §3 table), with full-jitter exponential backoff. */
  retry?:
    | {
        /** Attempts including the first (`BULWARK_MAX_ATTEMPTS`); `1` turns retries off. @default 4 */
        maxAttempts?: number | undefined;
        /** Ceiling of the first backoff delay, in milliseconds; doubles per retry. @default 500 */
        baseDelayMs?: number | undefined;
        /** Largest backoff ceiling, in milliseconds (a longer `retry-after` still wins, up to 60 s). @default 20000 */
        maxDelayMs?: number | undefined;
      }
    | undefined;
  /** Circuit breaker over upstream failures (5xx, timeouts, connection errors, 429s). */
  circuitBreaker?:
    | {
        /** Consecutive upstream failures that open it (`BULWARK_BREAKER_THRESHOLD`). @default 5 */
        threshold?: number | undefined;
        /** Time before one probe is let through, in milliseconds (`BULWARK_BREAKER_HALF_OPEN_MS`). @default 30000 */
        halfOpenAfterMs?: number | undefined;
      }
    | undefined;
  /** Bulkhead: a ceiling on concurrent upstream calls. */
  bulkhead?:
    | {
        /**
         * Calls in flight at most (`BULWARK_MAX_CONCURRENCY`); a stream counts
         * until it ends (read, failed, cancelled or closed), not only until its
         * first chunk. @default 32
         */
        maxConcurrent?: number | undefined;
        /** Calls waiting for a slot at most; one more fails with `BulkheadRejectedError` (`BULWARK_MAX_QUEUE`). @default 256 */
        maxQueue?: number | undefined;
      }
    | undefined;
  /**
   * Source of randomness for the backoff jitter, returning a number in
   * `[0, 1)`; inject one to make delays reproducible in tests.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * Client-side limits (DESIGN §2 step 7); 0 turns a limit off, and with both
   * off (the default) no limiter runs. Every attempt, retries included, takes
   * 1 request and its estimated tokens (prompt plus completion reserve,
   * times `n`), reconciled with the usage afterwards; `x-ratelimit-*`
   * headers correct the buckets and an upstream 429 pauses every call of
   * this client until its retry-after. See `createTokenBucketLimiter`.
   */
  rateLimit?:
    | {
        /** Requests per minute (`BULWARK_RPM`). @default 0 */
        rpm?: number | undefined;
        /** Tokens per minute (`BULWARK_TPM`). @default 0 */
        tpm?: number | undefined;
        /**
         * Longest wait for capacity, in milliseconds (`BULWARK_RATE_MAX_WAIT_MS`);
         * a longer wait fails at once with a local `RateLimitError`, nothing
         * sent. `0` never waits.
         * @default 60000
         */
        maxWaitMs?: number | undefined;
        /**
         * Burst capacity as a fraction of each per-minute limit (at least
         * one request). @default 1 / 6000 (10 ms of traffic)
         */
        burstFraction?: number | undefined;
        /**
         * Completion reserve of a request that sets neither
         * `max_completion_tokens` nor `max_tokens`, in tokens. @default 1024
         */
        defaultCompletionTokens?: number | undefined;
      }
    | undefined;
  /**
   * A rate limiter to use instead of the built-in one (then `rateLimit` is
   * ignored), e.g. one that shares its buckets across processes. The
   * client does not dispose it on `close()`.
   */
  rateLimiter?: RateLimiter | undefined;
  /**
   * Shared state across instances (DESIGN §8): a Redis URL
   * (`BULWARK_REDIS_URL`; the client opens the connection and closes it in
   * `close()`) or an `ioredis` connection of your own. With it, the rate
   * limiter (when `rateLimit` sets a limit) keeps its buckets in Redis, so
   * every instance shares one budget, and falls back to local limits while
   * Redis is unreachable; `cache: { store: 'redis' }` keeps the cache there
   * too. See {@link RedisClientOptions}.
   * @default undefined (no Redis: cache and limits per process)
   */
  redis?: RedisClientOptions | undefined;
  /**
   * Response cache and coalescing of identical calls (DESIGN §2 step 3); on
   * by default for deterministic requests, in a 64 MiB memory store, for one
   * hour. See {@link CacheOptions}.
   * @default { store: 'memory', ttlMs: 3600000, maxBytes: 67108864, when: 'deterministic', namespace: 'default' }
   */
  cache?: CacheOptions | undefined;
  /** User pre- and post-processing. @default {} */
  hooks?: ClientHooks | undefined;
  /**
   * Extra or corrected model table entries, merged over the built-in table
   * (`DEFAULT_MODELS`).
   * @default {}
   */
  models?: Readonly<Record<string, ModelInfo>> | undefined;
  /** Bounds on message count and size. @default DEFAULT_VALIDATION_LIMITS */
  limits?: ValidationLimits | undefined;
  /** The `fetch` the SDK uses, e.g. `createMockOpenAI().fetch`. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Structured logger (pino-compatible). @default silentLogger */
  logger?: Logger | undefined;
}
