import type { z } from 'zod';
import {
  resilienceOptionsSchema,
  type bulkheadOptionsSchema,
  type circuitBreakerOptionsSchema,
  type retryOptionsSchema,
} from '../options/resilience-options-schema.js';
import type { AttemptAbort } from './attempt-abort.js';

export { MAX_TIMER_MS } from '../options/option-schemas.js';

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
 * What the pipeline's operation receives for one attempt: its number, and
 * its abort (the attempt timeout, a failure, the caller's abort or the
 * deadline) both as a signal and as an emitter.
 */
export interface OperationContext extends AttemptContext {
  /**
   * Aborted when the attempt times out or fails, when the caller aborts or
   * the overall deadline passes. Made on first read: an operation that can
   * use {@link OperationContext.abort} instead spares its cost.
   */
  readonly signal: AbortSignal;
  /**
   * The same abort as an `EventEmitter` (`aborted`, `reason`, an `'abort'`
   * event), which undici accepts as a request's `signal`.
   */
  readonly abort: AttemptAbort;
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

/** Options of the retry step; see {@link retryOptionsSchema} for each field and its default. */
export type RetryPolicyOptions = z.input<typeof retryOptionsSchema>;

/** Options of the circuit breaker; see {@link circuitBreakerOptionsSchema}. */
export type CircuitBreakerPolicyOptions = z.input<typeof circuitBreakerOptionsSchema>;

/** Options of the bulkhead; see {@link bulkheadOptionsSchema}. */
export type BulkheadPolicyOptions = z.input<typeof bulkheadOptionsSchema>;

/** The per-attempt step of {@link ResilienceOptions}, which only code can give. */
export interface BeforeAttemptOption {
  /**
   * Per-attempt step between the circuit breaker and the attempt timeout
   * (the client-side rate limiter; see docs/architecture.md).
   * @default undefined (no step)
   */
  beforeAttempt?: BeforeAttemptStep | undefined;
}

/**
 * Options of `createResiliencePipeline`. Every one has a default, declared
 * once in {@link resilienceOptionsSchema} (the schema the client options use too).
 */
export type ResilienceOptions = z.input<typeof resilienceOptionsSchema> & BeforeAttemptOption;

/** {@link ResilienceOptions} with every default filled in and checked. */
export type ResolvedResilienceOptions = z.output<typeof resilienceOptionsSchema> &
  Required<BeforeAttemptOption>;

const { timeoutMs, retry, circuitBreaker, bulkhead } = resilienceOptionsSchema.parse({});

/** Defaults of {@link ResilienceOptions}, as {@link resilienceOptionsSchema} declares them. */
export const RESILIENCE_DEFAULTS: Readonly<
  Pick<ResolvedResilienceOptions, 'timeoutMs' | 'retry' | 'circuitBreaker' | 'bulkhead'>
> = Object.freeze({
  timeoutMs,
  retry: Object.freeze(retry),
  circuitBreaker: Object.freeze(circuitBreaker),
  bulkhead: Object.freeze(bulkhead),
});

/**
 * Fills in the defaults of {@link ResilienceOptions} and checks the numbers.
 *
 * @param options - the caller's options.
 * @returns every setting, defaults applied.
 * @throws RangeError naming the first bad option and why, e.g. `retry.maxAttempts: expected a whole number from 1 to 100`.
 */
export function resolveResilienceOptions(
  options: ResilienceOptions = {},
): ResolvedResilienceOptions {
  const parsed = resilienceOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new RangeError(`${issue?.path.join('.') ?? 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  return Object.assign({}, parsed.data, { beforeAttempt: options.beforeAttempt });
}
