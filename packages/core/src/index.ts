/**
 * `@bulwark/core`: resilient, cached, rate-limited OpenAI chat completions.
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
export {
  mapUpstreamError,
  classifyUpstreamFailure,
  QUOTA_ERROR_CODES,
  type MapUpstreamErrorOptions,
  type UpstreamFailure,
} from './errors/map-upstream-error.js';
export { parseRetryAfter, type HeaderReader } from './errors/parse-retry-after.js';
export { toOpenAIErrorResponse } from './http/to-openai-error-response.js';
export type { OpenAIErrorBody, OpenAIErrorResponse } from './http/openai-error-response.js';

export { createClient } from './client/create-client.js';
export type { ClientOptions, ParsedClientOptions } from './client/client-options.js';
export { clientOptionsSchema, baseUrlSchema } from './options/client-options-schema.js';
export { proxyOptionsSchema } from './options/proxy-options-schema.js';
export { rateLimitOptionsSchema } from './options/rate-limit-options-schema.js';
export {
  resilienceOptionsSchema,
  retryOptionsSchema,
  circuitBreakerOptionsSchema,
  bulkheadOptionsSchema,
  timeoutMsSchema,
} from './options/resilience-options-schema.js';
export { secretSchema } from './options/secret-schemas.js';
export type { BulwarkClient, ClientHealth } from './client/bulwark-client.js';
export type { CallOptions, ChatCompletions, ChatRequest } from './client/chat-completions.js';
export type { CallInfo } from './client/call-info.js';
export type { JsonCompletion, JsonRequest } from './client/json-completion.js';
export type { UsageTotals } from './client/usage-tracker.js';
export type { AttemptExecutor } from './client/call-context.js';
export type { Transport, TransportContext, TransportResult } from './transport/create-transport.js';

export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export {
  bulwarkConfigSchema,
  logLevelSchema,
  type BulwarkConfig,
  type ConfigOverrides,
  type LogLevel,
} from './config/bulwark-config-schema.js';
export { Secret, isSecret } from './security/secret.js';
export { maskSecret } from './security/mask-secret.js';
export { redactSecrets } from './security/redact-secrets.js';
export { checkBaseUrl } from './security/check-base-url.js';
export { isLoopbackHost } from './security/is-loopback-host.js';

export { DEFAULT_MODELS } from './models/default-models.js';
export type { ModelInfo, TokenizerEncoding } from './models/model-info.js';
export { findModel } from './models/find-model.js';
export { estimateCost, type TokenUsage } from './models/estimate-cost.js';
export { countPromptTokens, type PromptParts } from './tokens/count-prompt-tokens.js';
export { loadTokenCounter, type TokenCounter } from './tokens/load-token-counter.js';

export { createChatRequestSchema } from './validation/chat-request-schema.js';
export { stripControlCharacters } from './validation/strip-control-characters.js';
export {
  DEFAULT_VALIDATION_LIMITS,
  type ValidationLimits,
} from './validation/validation-limits.js';

export type {
  AfterResponseHook,
  BeforeRequestHook,
  ClientHooks,
  HookContext,
} from './hooks/hooks.js';
export {
  redactPersonalData,
  redactPersonalText,
  passesLuhnCheck,
} from './hooks/redact-personal-data.js';

// The `retry`, `circuitOpen` and `bulkheadRejected` payloads are defined (and exported) with the resilience policies.
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
export type { EventListener } from './events/create-event-emitter.js';
export { silentLogger, type Logger } from './logging/logger.js';

export { createResiliencePipeline } from './policies/create-resilience-pipeline.js';
export type {
  ResiliencePipeline,
  ResilienceExecuteOptions,
  ResilienceHealth,
} from './policies/resilience-pipeline.js';
export {
  RESILIENCE_DEFAULTS,
  type BeforeAttemptOption,
  type ResilienceOptions,
  type RetryPolicyOptions,
  type CircuitBreakerPolicyOptions,
  type BulkheadPolicyOptions,
  type BeforeAttemptStep,
  type AttemptContext,
} from './policies/resilience-options.js';
export { isRetryableError } from './policies/is-retryable-error.js';
export { isUpstreamUnhealthy } from './policies/is-upstream-unhealthy.js';
export type { RetryEvent } from './policies/create-retry-policy.js';
export type {
  CircuitOpenEvent,
  CircuitStateName,
} from './policies/create-circuit-breaker-policy.js';
export type { BulkheadRejectedEvent } from './policies/create-bulkhead-policy.js';

export { createTokenBucketLimiter } from './rate-limit/create-token-bucket-limiter.js';
export {
  DEFAULT_BURST_FRACTION,
  tokenBucketLimiterOptionsSchema,
  type LimiterClockOptions,
  type LimiterTimers,
  type TokenBucketLimiterOptions,
} from './rate-limit/token-bucket-limiter-options.js';
export type {
  RateLimiter,
  RateLimitAcquireOptions,
  RateLimitDimensionHealth,
  RateLimitGrant,
  RateLimitKind,
  RateLimitLearnOptions,
  RateLimitWait,
  RateLimiterHealth,
} from './rate-limit/rate-limiter.js';
export {
  readRateLimitHeaders,
  type HeaderSource,
  type RateLimitHeaders,
  type RateLimitHeaderValues,
} from './rate-limit/read-rate-limit-headers.js';
export { parseGoDuration } from './rate-limit/parse-go-duration.js';
export {
  estimateRequestTokens,
  DEFAULT_COMPLETION_TOKENS,
  type EstimateRequestTokensOptions,
} from './rate-limit/estimate-request-tokens.js';
export { chargedTokens, type ChargedTokensOptions } from './rate-limit/charged-tokens.js';

export { createCacheKey, CACHE_KEY_EXCLUDED_FIELDS, CACHE_KEY_VERSION } from './cache/cache-key.js';
export type { CacheKeyOptions } from './cache/cache-key.js';
export { isCacheableRequest, type CacheMode, type CacheWhen } from './cache/cache-policy.js';
export {
  cacheOptionsSchema,
  cacheStoreNameSchema,
  type CacheOptions,
} from './cache/cache-options.js';
export type { CacheStore, CacheStoreStats } from './cache/cache-store.js';
export type {
  CacheEntry,
  CacheEntryBase,
  CompletionCacheEntry,
  StreamCacheEntry,
} from './cache/cache-entry.js';
export { systemClock, type CacheClock } from './cache/cache-clock.js';
export type { CacheStats } from './cache/cache-stats.js';
export {
  MemoryCacheStore,
  DEFAULT_CACHE_MAX_BYTES,
  type MemoryCacheStoreOptions,
} from './cache/memory-cache-store.js';
export {
  createResponseCache,
  DEFAULT_CACHE_TTL_MS,
  type ResponseCacheOptions,
} from './cache/create-response-cache.js';
export type {
  Cached,
  CacheCallOptions,
  CacheOutcome,
  ResponseCache,
  UpstreamCompletion,
  UpstreamStream,
} from './cache/response-cache.js';
export {
  createSingleFlight,
  type FlightTicket,
  type JoinOptions,
  type SingleFlight,
} from './cache/single-flight.js';

export {
  createRedisConnection,
  type RedisConnectionOptions,
} from './redis/create-redis-connection.js';
export type { RedisClientOptions } from './redis/redis-client-options.js';
export {
  RedisCacheStore,
  DEFAULT_REDIS_MAX_ENTRY_BYTES,
  type RedisCacheOperation,
  type RedisCacheStoreOptions,
} from './redis/redis-cache-store.js';
export { createRedisRateLimiter } from './redis/create-redis-rate-limiter.js';
export type {
  RateLimitBackend,
  RateLimitBackendChange,
  RedisRateLimiter,
  RedisRateLimiterOptions,
} from './redis/redis-rate-limiter-options.js';
export { SHARED_BUCKET_SCRIPT } from './redis/shared-bucket-script.js';
