import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CacheMode } from '../cache/cache-policy.js';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { ClientEventMap } from '../events/client-events.js';
import type { EventEmitter } from '../events/create-event-emitter.js';
import type { ModelInfo } from '../models/model-info.js';
import type { ResiliencePipeline } from '../policies/resilience-pipeline.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { Transport } from '../transport/create-transport.js';
import type { CallInfo } from './call-info.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import type { UsageTracker } from './usage-tracker.js';

/**
 * Runs the transport step through the resilience pipeline: the shape of
 * `ResiliencePipeline.execute` (bulkhead, retry, breaker, attempt timeout).
 */
export type AttemptExecutor = ResiliencePipeline['execute'];

/** What the call pipeline shares across calls of one client. */
export interface ClientRuntime {
  /** The resolved client options. */
  options: ResolvedClientOptions;
  /** One upstream attempt. */
  transport: Transport;
  /** Runs the transport step through the client's resilience pipeline. */
  execute: AttemptExecutor;
  /** The client's events. */
  events: EventEmitter<ClientEventMap>;
  /** Calls in flight and running totals. */
  usage: UsageTracker;
  /** Maps anything thrown to a Bulwark error, with the key masked. */
  toBulwarkError: (error: unknown, signal: AbortSignal | undefined) => BulwarkError;
  /** The client-side rate limiter, when limits are set or one was given. */
  rateLimiter: RateLimiter | undefined;
  /** Whether `close()` was called. */
  isClosed: () => boolean;
  /**
   * Registers the controller of a stream being opened or read, so that
   * `close()` can abort it.
   * @returns a function that forgets it, called when the stream ends.
   */
  trackStream: (controller: AbortController) => () => void;
}

/** One call on its way through the pipeline. */
export interface PreparedCall {
  /** Identifies the call across its events. */
  callId: string;
  /** The model asked for. */
  model: string;
  /** The model's facts, when the table knows it. */
  modelInfo: ModelInfo | undefined;
  /** The validated request, after the before hooks. */
  request: ChatCompletionCreateParams;
  /** The preflight prompt count, for a known model. */
  promptTokens: number | undefined;
  /** `performance.now()` when the call was prepared. */
  startedAt: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The call's per-attempt timeout, if it set one. */
  timeoutMs: number | undefined;
  /** The caller's id for the call, sent upstream. */
  requestId: string | undefined;
  /** The caller's listener for the call's facts. */
  onCallInfo: ((info: CallInfo) => void) | undefined;
  /** How the call uses the cache. */
  cacheMode: CacheMode;
}
