import type { Secret } from '../security/secret.js';

/** Log levels of `BULWARK_LOG_LEVEL`, as pino names them. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/**
 * The resolved configuration returned by `loadConfig()`. Its client part
 * (`apiKey` … `cache`) is exactly what `createClient()` takes, so
 * `createClient(loadConfig())` works; `redis`, `gateway` and `logLevel` are
 * for the adapters and the CLI. Secrets are {@link Secret} values: the config
 * prints, logs and serialises with them masked.
 */
export interface BulwarkConfig {
  /** Upstream key (`OPENAI_API_KEY` or the content of `OPENAI_API_KEY_FILE`). */
  apiKey: Secret | undefined;
  /** Upstream base URL (`OPENAI_BASE_URL`). @default 'https://api.openai.com/v1' */
  baseURL: string;
  /** Sent as `OpenAI-Organization` (`OPENAI_ORG_ID`). */
  organization: string | undefined;
  /** Sent as `OpenAI-Project` (`OPENAI_PROJECT_ID`). */
  project: string | undefined;
  /** Default model (`BULWARK_MODEL`). @default 'gpt-4-1106-preview' */
  model: string;
  /** Per-attempt timeout in milliseconds (`BULWARK_TIMEOUT_MS`). @default 60000 */
  timeoutMs: number;
  /** Retry policy. */
  retry: {
    /** Attempts including the first (`BULWARK_MAX_ATTEMPTS`). @default 4 */
    maxAttempts: number;
  };
  /** Circuit breaker. */
  circuitBreaker: {
    /** Consecutive failures that open it (`BULWARK_BREAKER_THRESHOLD`). @default 5 */
    threshold: number;
    /** Time before a probe is let through (`BULWARK_BREAKER_HALF_OPEN_MS`). @default 30000 */
    halfOpenAfterMs: number;
  };
  /** Bulkhead. */
  bulkhead: {
    /** Calls in flight at most (`BULWARK_MAX_CONCURRENCY`). @default 32 */
    maxConcurrent: number;
    /** Calls waiting at most (`BULWARK_MAX_QUEUE`). @default 256 */
    maxQueue: number;
  };
  /** Client-side limits; 0 turns a limit off. */
  rateLimit: {
    /** Requests per minute (`BULWARK_RPM`). @default 0 */
    rpm: number;
    /** Tokens per minute (`BULWARK_TPM`). @default 0 */
    tpm: number;
    /** Longest wait for capacity (`BULWARK_RATE_MAX_WAIT_MS`). @default 60000 */
    maxWaitMs: number;
  };
  /** Response cache. */
  cache: {
    /** Where entries live (`BULWARK_CACHE`). @default 'memory' */
    store: 'memory' | 'redis' | 'off';
    /** Entry lifetime (`BULWARK_CACHE_TTL_MS`). @default 3600000 */
    ttlMs: number;
    /** Size bound in bytes (`BULWARK_CACHE_MAX_BYTES`). @default 67108864 */
    maxBytes: number;
  };
  /** Shared state across instances. */
  redis: {
    /**
     * `BULWARK_REDIS_URL`; a secret, since it may hold a password. When set,
     * the rate limits are shared through Redis, and so is the cache with
     * `BULWARK_CACHE=redis` (which requires it).
     */
    url: Secret | undefined;
  };
  /** The HTTP gateway. */
  gateway: {
    /** Listen address (`BULWARK_HOST`). @default '127.0.0.1' */
    host: string;
    /** Listen port (`BULWARK_PORT`). @default 8787 */
    port: number;
    /** Keys callers must present (`BULWARK_API_KEYS`, comma-separated). @default [] */
    apiKeys: Secret[];
    /**
     * Put prompts in the gateway's request log lines (`BULWARK_LOG_PROMPTS`).
     * Prompts are user data, so they are left out by default.
     * @default false
     */
    logPrompts: boolean;
  };
  /**
   * Requests each caller (gateway key, else IP address) may make per minute
   * at the gateway (`BULWARK_CALLER_RPM`); 0 turns the limit off.
   * @default 0
   */
  callerRpm: number;
  /** Log level (`BULWARK_LOG_LEVEL`). @default 'info' */
  logLevel: LogLevel;
}
