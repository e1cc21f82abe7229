import { z } from 'zod';
import { checkBaseUrl } from '../security/check-base-url.js';
import { Secret } from '../security/secret.js';

const secret = z.union([z.string().min(1), z.instanceof(Secret)]);
const count = (minimum: number) => z.number().int().min(minimum);

/**
 * Explicit values for `loadConfig({ overrides })`, the highest priority
 * source (e.g. CLI flags). Every field is optional; secrets may be given as
 * strings or {@link Secret}s.
 */
export const configOverridesSchema = z
  .object({
    /** Upstream key (`OPENAI_API_KEY`). */
    apiKey: secret,
    /** Upstream base URL (`OPENAI_BASE_URL`); `https:` unless the host is loopback. */
    baseURL: z.string().superRefine((value, context) => {
      const problem = checkBaseUrl(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
    /** `OpenAI-Organization` header (`OPENAI_ORG_ID`). */
    organization: z.string().min(1),
    /** `OpenAI-Project` header (`OPENAI_PROJECT_ID`). */
    project: z.string().min(1),
    /** Default model (`BULWARK_MODEL`). */
    model: z.string().min(1),
    /** Per-attempt timeout in milliseconds (`BULWARK_TIMEOUT_MS`). */
    timeoutMs: count(1),
    /** Retry policy. */
    retry: z
      .object({
        /** Attempts including the first, 1 to 100 (`BULWARK_MAX_ATTEMPTS`). */
        maxAttempts: count(1).max(100),
      })
      .partial(),
    /** Circuit breaker. */
    circuitBreaker: z
      .object({
        /** Consecutive failures that open it (`BULWARK_BREAKER_THRESHOLD`). */
        threshold: count(1),
        /** Wait before a probe, in milliseconds (`BULWARK_BREAKER_HALF_OPEN_MS`). */
        halfOpenAfterMs: count(1),
      })
      .partial(),
    /** Bulkhead. */
    bulkhead: z
      .object({
        /** Calls in flight at most (`BULWARK_MAX_CONCURRENCY`). */
        maxConcurrent: count(1),
        /** Calls waiting at most (`BULWARK_MAX_QUEUE`). */
        maxQueue: count(0),
      })
      .partial(),
    /** Client-side limits; 0 turns one off. */
    rateLimit: z
      .object({
        /** Requests per minute (`BULWARK_RPM`). */
        rpm: count(0),
        /** Tokens per minute (`BULWARK_TPM`). */
        tpm: count(0),
        /** Longest wait for capacity, in milliseconds (`BULWARK_RATE_MAX_WAIT_MS`). */
        maxWaitMs: count(0),
      })
      .partial(),
    /** Response cache. */
    cache: z
      .object({
        /** `memory`, `redis` or `off` (`BULWARK_CACHE`). */
        store: z.enum(['memory', 'redis', 'off']),
        /** Entry lifetime in milliseconds (`BULWARK_CACHE_TTL_MS`). */
        ttlMs: count(1),
        /** Memory store bound in bytes (`BULWARK_CACHE_MAX_BYTES`). */
        maxBytes: count(1),
      })
      .partial(),
    /** Shared state across instances. */
    redis: z
      .object({
        /** Redis URL (`BULWARK_REDIS_URL`). */
        url: secret,
      })
      .partial(),
    /** The HTTP gateway. */
    gateway: z
      .object({
        /** Listen address (`BULWARK_HOST`). */
        host: z.string().min(1),
        /** Listen port (`BULWARK_PORT`). */
        port: count(1).max(65_535),
        /** Keys callers must present (`BULWARK_API_KEYS`). */
        apiKeys: z.array(secret),
        /** Prompts in the request log lines (`BULWARK_LOG_PROMPTS`). */
        logPrompts: z.boolean(),
      })
      .partial(),
    /** Log level (`BULWARK_LOG_LEVEL`). */
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
  })
  .partial();

/** Explicit configuration values; see {@link configOverridesSchema}. */
export type ConfigOverrides = z.input<typeof configOverridesSchema>;
