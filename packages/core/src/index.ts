/**
 * `@bulwark/core`: resilient, cached, rate-limited OpenAI chat completions
 * and embeddings.
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
  type BulwarkErrorCode,
  type BulwarkErrorOptions,
  type UpstreamErrorCode,
  isBulwarkError,
} from './errors/bulwark-error.js';
export {
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
  ContextLengthExceededError,
  BadRequestError,
  type BadRequestErrorOptions,
  AuthenticationError,
  PermissionDeniedError,
  type PermissionDeniedErrorOptions,
  QuotaExceededError,
  RateLimitError,
  type RateLimitErrorOptions,
  ServerError,
  TimeoutError,
  ConnectionError,
  StreamTruncatedError,
  CircuitOpenError,
  BulkheadRejectedError,
  SchemaMismatchError,
  type SchemaMismatchErrorOptions,
  AbortError,
  ConfigError,
  type ConfigErrorOptions,
  type ConfigIssue,
  HookError,
  type HookErrorOptions,
  type HookListName,
} from './errors/errors.js';
export { toOpenAIErrorResponse } from './http/to-openai-error-response.js';
export type { OpenAIErrorBody, OpenAIErrorResponse } from './http/openai-error-response.js';

export { createClient } from './client/create-client.js';
export type { ClientOptions, ParsedClientOptions } from './client/client-options.js';
export { clientOptionsSchema } from './options/client-options-schema.js';
export type {
  BulwarkClient,
  ClientHealth,
  DeploymentHealth,
  RouteHealth,
} from './client/bulwark-client.js';
export type { CallOptions, ChatCompletions, ChatRequest } from './client/chat-completions.js';
export type { Embeddings } from './client/embeddings.js';
export type { CallInfo } from './client/call-info.js';
export type { JsonCompletion, JsonRequest } from './client/json-completion.js';
export type { UsageTotals } from './client/usage-tracker.js';

export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export {
  bulwarkConfigSchema,
  logLevelSchema,
  type BulwarkConfig,
  type ConfigOverrides,
  type LogLevel,
} from './config/bulwark-config-schema.js';
export { Secret, isSecret } from './security/secret.js';

export type {
  AfterEmbeddingsHook,
  AfterResponseHook,
  BeforeEmbeddingsHook,
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
  FallbackEvent,
  FallbackReason,
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
