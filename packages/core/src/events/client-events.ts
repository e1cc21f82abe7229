import type { BulwarkError } from '../errors/bulwark-error.js';
import type { BulkheadRejectedEvent } from '../policies/create-bulkhead-policy.js';
import type { CircuitOpenEvent } from '../policies/create-circuit-breaker-policy.js';
import type { RetryEvent } from '../policies/create-retry-policy.js';

/** Token counts and price of one call. */
export interface CallUsage {
  /** Prompt tokens: the upstream's `usage`, or the preflight count for a stream without usage. */
  promptTokens: number;
  /** Completion tokens: the upstream's `usage`, or counted from a stream's text. */
  completionTokens: number;
  /**
   * Of the prompt tokens, those OpenAI read from its prompt cache
   * (`usage.prompt_tokens_details.cached_tokens`), priced at the model's
   * cached-input price; 0 when the upstream did not say.
   */
  cachedTokens: number;
  /** Their sum. */
  totalTokens: number;
  /** Cost in US dollars from the model table, cached tokens at their price; 0 for an unknown model. */
  costUsd: number;
  /**
   * `upstream` when the numbers come from the response's `usage`, `counted`
   * when Bulwark counted them, `cache` when the cache answered the call
   * (from the store or by joining an identical call in flight): nothing was
   * spent, so every count and the cost are 0.
   */
  source: 'upstream' | 'counted' | 'cache';
}

/** Fields every call event carries. */
export interface CallEventBase {
  /** Identifies the call across its `request`, `response` and `error` events. */
  callId: string;
  /** The model asked for. */
  model: string;
  /** Whether the call is a stream. */
  stream: boolean;
}

/** `request`: a call passed validation and the before hooks and is about to be sent. */
export interface RequestEvent extends CallEventBase {
  /** Preflight prompt token count; `undefined` for a model the table does not know. */
  promptTokens: number | undefined;
}

/** `response`: a call completed (a stream: once it ended cleanly). */
export interface ResponseEvent extends CallEventBase {
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
  /** Token counts and price. */
  usage: CallUsage;
  /** Time from the call to its completion, in milliseconds. */
  latencyMs: number;
  /**
   * A stream's time from the call to its first chunk, in milliseconds
   * (from the cache too); `undefined` for a completion.
   */
  timeToFirstChunkMs: number | undefined;
}

/** `error`: a call failed. */
export interface ErrorEvent extends CallEventBase {
  /** Why. */
  error: BulwarkError;
  /** Time from the call to its failure, in milliseconds. */
  latencyMs: number;
}

/** `rateLimited`: a call waits for (or gave up on) client-side capacity, or the upstream answered 429. */
export interface RateLimitedEvent {
  /** Which limit bound: requests per minute, tokens per minute, or the upstream's 429. */
  limit: 'requests' | 'tokens' | 'upstream';
  /** How long the call waits, in milliseconds. */
  waitMs: number;
}

/**
 * `cacheMiss`: a cacheable call found no answer and goes upstream (a
 * `cache: 'refresh'` call included); `cacheHit` extends it. Calls the cache
 * does not keep (`cache: 'bypass'`, or the `when` policy) emit neither.
 */
export interface CacheEvent extends CallEventBase {
  /** The canonical cache key of the request (`bulwark:v1:<namespace>:<sha256>`). */
  key: string;
}

/** `cacheHit`: the cache answered the call without an upstream call of its own. */
export interface CacheHitEvent extends CacheEvent {
  /** `true` when the call joined an identical call in flight, `false` when the store answered. */
  coalesced: boolean;
}

/**
 * `cacheError`: the cache store failed (Redis down, a timeout); the call went
 * on as a miss (`get`) or unstored (`set`), so this is the only trace of it.
 */
export interface CacheErrorEvent {
  /** What the store was doing. */
  operation: 'get' | 'set' | 'delete';
  /** The store's error message (never a URL or a key). */
  reason: string;
}

/**
 * `rateLimiterFallback`: the shared (Redis) rate limiter fell back to limits
 * for this process alone (`active: true`, Redis unreachable), or went back
 * to the shared buckets (`active: false`). `client.health().rateLimit.backend`
 * says the same at any time.
 */
export interface RateLimiterFallbackEvent {
  /** `true` while the limits are local, `false` once they are shared again. */
  active: boolean;
  /** Why it fell back (the Redis error's message). */
  reason?: string | undefined;
}

/** Why a call moved on from one deployment (or route) to the next; see {@link FallbackEvent}. */
export type FallbackReason =
  | 'server_error'
  | 'timeout'
  | 'connection_error'
  | 'circuit_open'
  | 'rate_limited'
  | 'insufficient_quota'
  | 'model_not_found'
  | 'first_chunk_timeout'
  | 'context_window';

/**
 * A call moved on along its route: from one deployment to the next (names
 * from the routes), or, with reason `context_window`, from the route asked
 * for to a larger-context route (route names) before anything was sent.
 */
export interface FallbackEvent {
  /** Identifies the call across its events. */
  callId: string;
  /** The model the caller asked for. */
  model: string;
  /** The deployment (or route, for `context_window`) left. */
  from: string;
  /** The deployment (or route) tried next. */
  to: string;
  /** Why. */
  reason: FallbackReason;
}

/**
 * Every event of `client.on(name, listener)` (docs/errors.md) and its payload.
 * `request`, `response` and `error` come from the client itself; the others
 * from the resilience, rate-limit and cache layers. The resilience payloads
 * are defined once, next to the policy that emits them, and forwarded as is.
 */
export interface ClientEventMap {
  /** An attempt failed and another follows after `delayMs`; see {@link RetryEvent}. */
  retry: RetryEvent;
  /** The breaker opened; calls fail at once until it half-opens; see {@link CircuitOpenEvent}. */
  circuitOpen: CircuitOpenEvent;
  /** The breaker lets one probe through. */
  circuitHalfOpen: Record<string, never>;
  /** The breaker closed again after a successful probe. */
  circuitClose: Record<string, never>;
  /** A call was refused because the bulkhead was full; see {@link BulkheadRejectedEvent}. */
  bulkheadRejected: BulkheadRejectedEvent;
  /** See {@link RateLimitedEvent}. */
  rateLimited: RateLimitedEvent;
  /** See {@link CacheHitEvent}. */
  cacheHit: CacheHitEvent;
  /** See {@link CacheEvent}. */
  cacheMiss: CacheEvent;
  /** See {@link CacheErrorEvent}. */
  cacheError: CacheErrorEvent;
  /** See {@link RateLimiterFallbackEvent}. */
  rateLimiterFallback: RateLimiterFallbackEvent;
  /** See {@link RequestEvent}. */
  request: RequestEvent;
  /** See {@link ResponseEvent}. */
  response: ResponseEvent;
  /** See {@link ErrorEvent}. */
  error: ErrorEvent;
  /** See {@link FallbackEvent}. */
  fallback: FallbackEvent;
}

/** The name of a client event. */
export type ClientEventName = keyof ClientEventMap;
