import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CacheMode } from '../cache/cache-policy.js';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { ClientEventMap } from '../events/client-events.js';
import type { EventEmitter } from '../events/create-event-emitter.js';
import type { ModelInfo } from '../models/model-info.js';
import type { RouteChain, Router } from '../routing/create-router.js';
import type { CallInfo } from '../client/call-info.js';
import type { ResolvedClientOptions } from '../client/resolve-client-options.js';
import type { UsageTracker } from '../client/usage-tracker.js';
import type { CallTrace } from '../telemetry/call-trace.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { ChatRequestValidator } from '../validation/create-chat-request-validator.js';

/** What every call of one client shares: built once by `createClient`, never per call. */
export interface ClientRuntime {
  /** The resolved client options. */
  options: ResolvedClientOptions;
  /** The chat request check, built once from `options.limits`. */
  validateChat: ChatRequestValidator;
  /** The deployments (each with its transport, pipeline and limiter) and which a model goes to. */
  router: Router;
  /** The client's events. */
  events: EventEmitter<ClientEventMap>;
  /** Calls in flight and running totals. */
  usage: UsageTracker;
  /** Spans and GenAI metrics through OpenTelemetry, when an SDK is registered. */
  telemetry: Telemetry;
  /** Maps anything thrown to a Bulwark error, with the key masked. */
  toBulwarkError: (error: unknown, signal: AbortSignal | undefined) => BulwarkError;
  /** Whether `close()` was called. */
  isClosed: () => boolean;
  /**
   * Registers the controller of a stream being opened or read, so that
   * `close()` can abort it.
   * @returns a function that forgets it, called when the stream ends.
   */
  trackStream: (controller: AbortController) => () => void;
}

/**
 * One call on its way down the request path, after validation and the
 * before hooks: a chat completion request by default, or an embeddings one.
 */
export interface PreparedCall<Request = ChatCompletionCreateParams> {
  /** Identifies the call across its events. */
  callId: string;
  /** The model asked for. */
  model: string;
  /** The model's facts, when the table knows it. */
  modelInfo: ModelInfo | undefined;
  /** The validated request, after the before hooks. */
  request: Request;
  /** The exact prompt count (an embeddings request: its input's) for a known model, computed on first read only. */
  readonly promptTokens: number | undefined;
  /** `performance.now()` when the call started. */
  startedAt: number;
  /** The call's signal: the caller's, or the stream's own controller's. */
  signal: AbortSignal | undefined;
  /** The call's per-attempt timeout, if it set one. */
  timeoutMs: number | undefined;
  /** The caller's id for the call, sent upstream. */
  requestId: string | undefined;
  /** The caller's listener for the call's facts. */
  onCallInfo: ((info: CallInfo) => void) | undefined;
  /** How the call uses the cache. */
  cacheMode: CacheMode;
  /** The deployments the call may be sent to, in order. */
  chain: RouteChain;
  /** The call's span and measurements (a no-op while nothing records). */
  trace: CallTrace;
}
