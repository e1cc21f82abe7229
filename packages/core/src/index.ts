/**
 * `@bulwark/core`: resilient, cached, rate-limited OpenAI chat completions.
 * The root entry holds what a service needs: the client, its configuration,
 * the errors, the events and their types. Advanced parts live on subpaths
 * (`@bulwark/core/cache`, `/rate-limit`, `/resilience`, `/redis`, `/models`,
 * `/transport`, `/validation`, `/security`, `/hooks`).
 *
 * @module @bulwark/core
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
export { ConfigError, type ConfigErrorOptions, type ConfigIssue } from './errors/config-error.js';
export { HookError, type HookErrorOptions } from './errors/hook-error.js';
export { toOpenAIErrorResponse } from './http/to-openai-error-response.js';
export type { OpenAIErrorBody, OpenAIErrorResponse } from './http/openai-error-response.js';

export { createClient } from './client/create-client.js';
export type { ClientOptions } from './client/client-options.js';
export type { BulwarkClient, ClientHealth } from './client/bulwark-client.js';
export type { CallOptions, ChatCompletions, ChatRequest } from './client/chat-completions.js';
export type { CallInfo } from './client/call-info.js';
export type { JsonCompletion, JsonRequest } from './client/json-completion.js';
export type { UsageTotals } from './client/usage-tracker.js';

export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export type { BulwarkConfig, LogLevel } from './config/bulwark-config.js';
export { configOverridesSchema, type ConfigOverrides } from './config/config-overrides.js';
export { Secret, isSecret } from './security/secret.js';

export type {
  AfterResponseHook,
  BeforeRequestHook,
  ClientHooks,
  HookContext,
} from './hooks/hooks.js';

export type {
  CacheErrorEvent,
  CacheEvent,
  CacheHitEvent,
  CallEventBase,
  CallUsage,
  ClientEventMap,
  ClientEventName,
  ErrorEvent,
  RateLimitedEvent,
  RateLimiterFallbackEvent,
  RequestEvent,
  ResponseEvent,
} from './events/client-events.js';
// The payloads of `retry`, `circuitOpen`, `bulkheadRejected`, with the policies that emit them.
export type { RetryEvent } from './policies/create-retry-policy.js';
export type {
  CircuitOpenEvent,
  CircuitStateName,
} from './policies/create-circuit-breaker-policy.js';
export type { BulkheadRejectedEvent } from './policies/create-bulkhead-policy.js';
export type { EventListener } from './events/create-event-emitter.js';
export { silentLogger, type Logger } from './logging/logger.js';
