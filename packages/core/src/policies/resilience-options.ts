/**
 * What a per-attempt step receives: the attempt's number and the call's
 * signal (aborted when the caller aborts or the overall deadline passes).
 */
export interface AttemptContext {
  /** Number of the attempt, 1 for the first call. */
  attempt: number;
  /** Aborted when the caller aborts or the overall deadline passes. */
  signal: AbortSignal;
}

/**
 * A step that runs before every attempt, once the circuit breaker has let the
 * attempt through and before its timeout starts. The client-side rate limiter
 * plugs in here: it may wait for capacity (honouring `signal`) or throw (for
 * example a local `RateLimitError`), which fails the attempt without calling
 * the operation. It must settle promptly once `signal` aborts: the call waits
 * for it.
 */
export type BeforeAttemptStep = (context: AttemptContext) => Promise<void> | void;

/** Options of the retry step. */
export interface RetryPolicyOptions {
  /**
   * Attempts per call, the first included (`BULWARK_MAX_ATTEMPTS`). `1` turns retries off.
   * @default 4
   */
  maxAttempts?: number | undefined;
  /**
   * Ceiling of the first backoff, in milliseconds; the ceiling doubles on every
   * retry and the delay is drawn uniformly below it (full jitter). 500 ms is the
   * official `openai` SDK's initial retry delay, so a Bulwark client backs off
   * no more eagerly than the SDK it replaces.
   * @default 500
   */
  baseDelayMs?: number | undefined;
  /**
   * Largest backoff ceiling, in milliseconds. With full jitter the mean wait
   * is half of it: 20 s rides out a short upstream outage and stays well below
   * both the 60 s retry-after cap and the default 60 s attempt timeout.
   * A larger `retry-after` from the upstream still wins, up to 60 s.
   * @default 20000
   */
  maxDelayMs?: number | undefined;
}

/** Options of the circuit breaker. */
export interface CircuitBreakerPolicyOptions {
  /**
   * Consecutive unhealthy failures that open the circuit (`BULWARK_BREAKER_THRESHOLD`).
   * @default 5
   */
  threshold?: number | undefined;
  /**
   * How long the circuit stays open before one probe may go through, in
   * milliseconds (`BULWARK_BREAKER_HALF_OPEN_MS`).
   * @default 30000
   */
  halfOpenAfterMs?: number | undefined;
}

/** Options of the bulkhead. */
export interface BulkheadPolicyOptions {
  /**
   * Calls in flight at once (`BULWARK_MAX_CONCURRENCY`). A call holds its
   * slot through its attempts and backoff waits; a stream holds it until it
   * ends (read, failed, cancelled or closed), not only until its first chunk.
   * @default 32
   */
  maxConcurrent?: number | undefined;
  /**
   * Calls waiting for a slot; one more is rejected at once (`BULWARK_MAX_QUEUE`).
   * @default 256
   */
  maxQueue?: number | undefined;
}

/** Options of {@link createResiliencePipeline}. Every one has a default. */
export interface ResilienceOptions {
  /**
   * Timeout of each attempt, in milliseconds (`BULWARK_TIMEOUT_MS`). An attempt
   * that runs out fails with a retryable `TimeoutError` and its signal aborts.
   * @default 60000
   */
  timeoutMs?: number | undefined;
  /**
   * Optional deadline of the whole call (queue wait, attempts and backoff
   * sleeps), in milliseconds. When it passes the call fails with a
   * `TimeoutError` and is not retried further.
   * @default undefined (no deadline)
   */
  deadlineMs?: number | undefined;
  /** Retry settings. */
  retry?: RetryPolicyOptions | undefined;
  /** Circuit breaker settings. */
  circuitBreaker?: CircuitBreakerPolicyOptions | undefined;
  /** Bulkhead settings. */
  bulkhead?: BulkheadPolicyOptions | undefined;
  /**
   * Source of randomness for the backoff jitter, returning a number in `[0, 1)`.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * Per-attempt step between the circuit breaker and the attempt timeout
   * (DESIGN §2 step 7, the rate limiter).
   * @default undefined (no step)
   */
  beforeAttempt?: BeforeAttemptStep | undefined;
}

/** {@link ResilienceOptions} with every default filled in and checked. */
export interface ResolvedResilienceOptions {
  /** See {@link ResilienceOptions.timeoutMs}. */
  timeoutMs: number;
  /** See {@link ResilienceOptions.deadlineMs}. */
  deadlineMs: number | undefined;
  /** See {@link RetryPolicyOptions}. */
  retry: Required<{ [K in keyof RetryPolicyOptions]: number }>;
  /** See {@link CircuitBreakerPolicyOptions}. */
  circuitBreaker: Required<{ [K in keyof CircuitBreakerPolicyOptions]: number }>;
  /** See {@link BulkheadPolicyOptions}. */
  bulkhead: Required<{ [K in keyof BulkheadPolicyOptions]: number }>;
  /** See {@link ResilienceOptions.random}. */
  random: () => number;
  /** See {@link ResilienceOptions.beforeAttempt}. */
  beforeAttempt: BeforeAttemptStep | undefined;
}

/** Defaults of {@link ResilienceOptions} (DESIGN §4 where it names one). */
export const RESILIENCE_DEFAULTS = {
  /** Per-attempt timeout, in milliseconds (`BULWARK_TIMEOUT_MS`). */
  timeoutMs: 60_000,
  /** Retry policy defaults. */
  retry: {
    /** Attempts including the first (`BULWARK_MAX_ATTEMPTS`). */
    maxAttempts: 4,
    /** Ceiling of the first backoff delay, in milliseconds. */
    baseDelayMs: 500,
    /** Largest backoff ceiling, in milliseconds. */
    maxDelayMs: 20_000,
  },
  /** Circuit breaker defaults. */
  circuitBreaker: {
    /** Consecutive failures that open it (`BULWARK_BREAKER_THRESHOLD`). */
    threshold: 5,
    /** Wait before a probe, in milliseconds (`BULWARK_BREAKER_HALF_OPEN_MS`). */
    halfOpenAfterMs: 30_000,
  },
  /** Bulkhead defaults. */
  bulkhead: {
    /** Calls in flight at most (`BULWARK_MAX_CONCURRENCY`). */
    maxConcurrent: 32,
    /** Calls waiting at most (`BULWARK_MAX_QUEUE`). */
    maxQueue: 256,
  },
} as const;

/** Largest delay `setTimeout` honours; above it Node fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

function check(name: string, value: number, minimum: number, integer: boolean): number {
  if (!Number.isFinite(value) || value < minimum || value > MAX_TIMER_MS) {
    throw new RangeError(
      `${name} must be a number from ${minimum} to ${MAX_TIMER_MS}, got ${value}`,
    );
  }
  if (integer && !Number.isInteger(value)) {
    throw new RangeError(`${name} must be an integer, got ${value}`);
  }
  return value;
}

/**
 * Fills in the defaults of {@link ResilienceOptions} and checks the numbers.
 *
 * @param options - the caller's options.
 * @returns every setting, defaults applied.
 * @throws RangeError when a number is out of range (for example `maxAttempts: 0`).
 */
export function resolveResilienceOptions(
  options: ResilienceOptions = {},
): ResolvedResilienceOptions {
  const defaults = RESILIENCE_DEFAULTS;
  return {
    timeoutMs: check('timeoutMs', options.timeoutMs ?? defaults.timeoutMs, 1, false),
    deadlineMs:
      options.deadlineMs === undefined
        ? undefined
        : check('deadlineMs', options.deadlineMs, 1, false),
    retry: {
      maxAttempts: check(
        'retry.maxAttempts',
        options.retry?.maxAttempts ?? defaults.retry.maxAttempts,
        1,
        true,
      ),
      baseDelayMs: check(
        'retry.baseDelayMs',
        options.retry?.baseDelayMs ?? defaults.retry.baseDelayMs,
        0,
        false,
      ),
      maxDelayMs: check(
        'retry.maxDelayMs',
        options.retry?.maxDelayMs ?? defaults.retry.maxDelayMs,
        0,
        false,
      ),
    },
    circuitBreaker: {
      threshold: check(
        'circuitBreaker.threshold',
        options.circuitBreaker?.threshold ?? defaults.circuitBreaker.threshold,
        1,
        true,
      ),
      halfOpenAfterMs: check(
        'circuitBreaker.halfOpenAfterMs',
        options.circuitBreaker?.halfOpenAfterMs ?? defaults.circuitBreaker.halfOpenAfterMs,
        0,
        false,
      ),
    },
    bulkhead: {
      maxConcurrent: check(
        'bulkhead.maxConcurrent',
        options.bulkhead?.maxConcurrent ?? defaults.bulkhead.maxConcurrent,
        1,
        true,
      ),
      maxQueue: check(
        'bulkhead.maxQueue',
        options.bulkhead?.maxQueue ?? defaults.bulkhead.maxQueue,
        0,
        true,
      ),
    },
    random: options.random ?? Math.random,
    beforeAttempt: options.beforeAttempt,
  };
}
