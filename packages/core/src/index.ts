/**
 * `@bulwark/core`: resilient, cached, rate-limited OpenAI chat completions.
 *
 * @packageDocumentation
 */
export {
  BulwarkError,
  BULWARK_ERROR_BRAND,
  type BulwarkErrorOptions,
} from './errors/bulwark-error.js';
export { isBulwarkError } from './errors/is-bulwark-error.js';
export {
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from './errors/validation-error.js';
export { ContextLengthExceededError } from './errors/context-length-exceeded-error.js';
export { BadRequestError, type BadRequestErrorOptions } from './errors/bad-request-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export {
  PermissionDeniedError,
  type PermissionDeniedErrorOptions,
} from './errors/permission-denied-error.js';
export { QuotaExceededError } from './errors/quota-exceeded-error.js';
export { RateLimitError, type RateLimitErrorOptions } from './errors/rate-limit-error.js';
export { ServerError } from './errors/server-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { ConnectionError } from './errors/connection-error.js';
export { StreamTruncatedError } from './errors/stream-truncated-error.js';
export { CircuitOpenError } from './errors/circuit-open-error.js';
export { BulkheadRejectedError } from './errors/bulkhead-rejected-error.js';
export {
  SchemaMismatchError,
  type SchemaMismatchErrorOptions,
} from './errors/schema-mismatch-error.js';
export { AbortError } from './errors/abort-error.js';

export { createResiliencePipeline } from './policies/create-resilience-pipeline.js';
export type {
  ResiliencePipeline,
  ResilienceExecuteOptions,
  ResilienceHealth,
} from './policies/resilience-pipeline.js';
export {
  RESILIENCE_DEFAULTS,
  type ResilienceOptions,
  type RetryPolicyOptions,
  type CircuitBreakerPolicyOptions,
  type BulkheadPolicyOptions,
  type BeforeAttemptStep,
} from './policies/resilience-options.js';
export { isRetryableError } from './policies/is-retryable-error.js';
export { isUpstreamUnhealthy } from './policies/is-upstream-unhealthy.js';
export type { RetryEvent } from './policies/create-retry-policy.js';
export type {
  CircuitOpenEvent,
  CircuitStateName,
} from './policies/create-circuit-breaker-policy.js';
export type { BulkheadRejectedEvent } from './policies/create-bulkhead-policy.js';
