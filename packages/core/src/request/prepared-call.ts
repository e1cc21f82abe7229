import type { CacheMode } from '../cache/cache-policy.js';
import type { CallOptions } from '../client/chat-completions.js';
import type { ModelInfo } from '../models/model-info.js';
import type { RouteChain } from '../routing/create-router.js';
import type { CallTrace } from '../telemetry/call-trace.js';
import type { PreparedCall } from './runtime.js';

/**
 * A prepared call (a chat or an embeddings request). A class rather than an
 * object literal: Node 20 builds a literal that spreads an object, or
 * defines a getter, on a slow path that costs microseconds on every call
 * (see docs/performance.md).
 */
export class Call<Request extends { model: string }> implements PreparedCall<Request> {
  readonly callId: string;
  readonly model: string;
  readonly startedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly requestId: string | undefined;
  readonly onCallInfo: CallOptions['onCallInfo'];
  readonly cacheMode: CacheMode;
  readonly trace: CallTrace;
  readonly #countPrompt: (() => number) | undefined;

  constructor(
    call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal' | 'trace'>,
    readonly request: Request,
    readonly modelInfo: ModelInfo | undefined,
    countPrompt: (() => number) | undefined,
    callOptions: CallOptions,
    readonly chain: RouteChain,
  ) {
    this.callId = call.callId;
    this.startedAt = call.startedAt;
    this.signal = call.signal;
    this.trace = call.trace;
    this.model = request.model;
    this.#countPrompt = countPrompt;
    this.timeoutMs = callOptions.timeoutMs;
    this.requestId = callOptions.requestId;
    this.onCallInfo = callOptions.onCallInfo;
    this.cacheMode = callOptions.cache ?? 'default';
  }

  /** Counted on first read only: most calls never need the exact figure. */
  get promptTokens(): number | undefined {
    return this.#countPrompt?.();
  }
}
