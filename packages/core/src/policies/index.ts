/**
 * `@bulwark/core/resilience`: the resilience pipeline on its own (bulkhead,
 * retry, circuit breaker, attempt timeout, deadline), on cockatiel, for any
 * async operation. A client builds its own from its options.
 *
 * @module @bulwark/core/resilience
 */
export { createResiliencePipeline } from './create-resilience-pipeline.js';
export type {
  ResiliencePipeline,
  ResilienceExecuteOptions,
  ResilienceHealth,
} from './resilience-pipeline.js';
export {
  RESILIENCE_DEFAULTS,
  type BeforeAttemptOption,
  type ResilienceOptions,
  type RetryPolicyOptions,
  type CircuitBreakerPolicyOptions,
  type BulkheadPolicyOptions,
  type BeforeAttemptStep,
  type AttemptContext,
  type OperationContext,
} from './resilience-options.js';
export type { AttemptAbort } from './attempt-abort.js';
export { isRetryableError } from './is-retryable-error.js';
export { isUpstreamUnhealthy } from './is-upstream-unhealthy.js';
export type { RetryEvent } from './create-retry-policy.js';
export type { CircuitOpenEvent, CircuitStateName } from './create-circuit-breaker-policy.js';
export type { BulkheadRejectedEvent } from './create-bulkhead-policy.js';
export {
  resilienceOptionsSchema,
  retryOptionsSchema,
  circuitBreakerOptionsSchema,
  bulkheadOptionsSchema,
  timeoutMsSchema,
} from '../options/resilience-options-schema.js';
