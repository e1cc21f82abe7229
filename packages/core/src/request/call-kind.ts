import type {
  Cached,
  CacheCallOptions,
  CacheOutcome,
  ResponseCache,
} from '../cache/response-cache.js';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CallOptions, ChatRequest } from '../client/chat-completions.js';
import type { CallUsage } from '../events/client-events.js';
import type { AttemptRateLimit } from '../rate-limit/create-attempt-rate-limit.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { UpstreamHeaders, UpstreamResponse } from '../transport/transport.js';
import type { CallLease } from './call-lease.js';
import type { CallSettlement } from './settle-call.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/** What the request path learns from the attempt that answered. */
export interface UpstreamFacts {
  /**
   * The attempts made on the deployment tried last: the number of the
   * attempt that succeeded once one did; 0 before any (or when the cache answered).
   */
  attempts: number;
  /** The successful attempt's response headers. */
  headers: UpstreamHeaders | undefined;
  /** A stream's usage, measured as its body ended cleanly. */
  usage: CallUsage | undefined;
  /** The routed deployment tried last (the one that answered, once one did), by name. */
  deployment: string | undefined;
  /** What the cache's lookup found, once it looked (not when it was bypassed). */
  lookup: Exclude<CacheOutcome, 'bypass'> | undefined;
  /** Whether the caller's `onCallInfo` has been told (it is told once). */
  reported: boolean;
}

/** The signal a call runs under, and how it lets go of it. */
export interface CallScope {
  /** Aborts every stage of the call. */
  signal: AbortSignal | undefined;
  /** The call's own controller (a stream's, which `stream.controller` exposes). */
  controller: AbortController | undefined;
  /** Detaches the scope from the caller's signal and the client; idempotent. */
  release(): void;
  /**
   * Runs `cleanUp` when the scope's own controller aborts (at once if it
   * has); a scope without a controller never calls it.
   */
  whenAborted?: ((cleanUp: () => void) => void) | undefined;
}

/** What a kind's steps receive besides their own arguments. */
export interface KindContext<Request = ChatCompletionCreateParams> {
  /** What the client's calls share. */
  runtime: ClientRuntime;
  /** The call. */
  call: PreparedCall<Request>;
  /** The call's scope. */
  scope: CallScope;
  /** Filled in by the attempt that answers. */
  facts: UpstreamFacts;
}

/** Which API a call is for: its span's `gen_ai.operation.name`. */
export type CallOperation = 'chat' | 'embeddings';

/**
 * How one kind of call (a chat completion, a chat stream, embeddings) is
 * prepared, sent and consumed: the only part of the request path that
 * differs between them. The path itself (cache and coalescing, bulkhead,
 * retry, breaker, limiter, attempt, accounting) is {@link runCall}'s, shared.
 *
 * @typeParam Opened - what an attempt yields once it has succeeded.
 * @typeParam Answer - what the upstream (or the cache) hands on.
 * @typeParam Result - what the caller gets.
 * @typeParam Request - the validated request.
 * @typeParam Params - the caller's request.
 */
export interface CallKind<
  Opened,
  Answer extends { requestId: string | undefined },
  Result,
  Request = ChatCompletionCreateParams,
  Params = ChatRequest,
> {
  /** The API: `chat` or `embeddings`. */
  readonly operation: CallOperation;
  /** The API path under the base URL (`/chat/completions`, `/embeddings`). */
  readonly path: string;
  /** Whether the request asks for server-sent events. */
  readonly stream: boolean;
  /**
   * Steps 1 and 2: validates the request, runs the preflight and the before
   * hooks, and picks the route's deployments. No I/O. Answers without a
   * promise when nothing had to be waited for (the usual call).
   */
  prepare(
    runtime: ClientRuntime,
    params: Params,
    callOptions: CallOptions,
    call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal' | 'trace'>,
  ): PreparedCall<Request> | Promise<PreparedCall<Request>>;
  /** The body sent to a deployment, with the model it is sent. */
  body(request: Request, model: string): unknown;
  /** The rate-limit side of the call on a deployment with a limiter: its token estimate. */
  rateLimit(
    runtime: ClientRuntime,
    call: PreparedCall<Request>,
    limiter: RateLimiter,
  ): Promise<AttemptRateLimit>;
  /** The signal the call runs under: the caller's, or one of the call's own. */
  scope(runtime: ClientRuntime, callerSignal: AbortSignal | undefined): CallScope;
  /**
   * Reads one attempt's response up to where the attempt has succeeded (a
   * completion: parsed; a stream: its first chunk). A failure here fails
   * the attempt, so it is retried like any other. A kind with nothing more
   * to read (a completion, parsed by the transport) answers without a promise.
   */
  open(
    response: UpstreamResponse,
    signal: AbortSignal | undefined,
    context: KindContext<Request>,
  ): Opened | Promise<Opened>;
  /** Turns what the successful attempt opened into the answer; the answer releases `lease`. */
  finish(opened: Opened, lease: CallLease, context: KindContext<Request>): Answer;
  /** Looks the call up in the cache, calling `upstream` on a miss. */
  lookup(
    cache: ResponseCache,
    context: KindContext<Request>,
    options: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<Answer>,
  ): Promise<Cached<Answer>>;
  /**
   * Hands the answer to the caller (after hooks, accounting and events for a
   * completion; a stream settles the call when it ends). Answers without a
   * promise when nothing had to be waited for (a completion without after hooks).
   */
  deliver(
    answer: Cached<Answer>,
    settlement: CallSettlement,
    context: KindContext<Request>,
  ): Result | Promise<Result>;
}
