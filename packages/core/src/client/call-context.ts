import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { ClientEventMap } from '../events/client-events.js';
import type { EventEmitter } from '../events/create-event-emitter.js';
import type { ModelInfo } from '../models/model-info.js';
import type { Transport } from '../transport/create-transport.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import type { UsageTracker } from './usage-tracker.js';

/** Context of one attempt, as the resilience pipeline hands it to the transport step. */
export interface AttemptContext {
  /** Number of the attempt, 1 for the first. */
  attempt: number;
  /** Cancels the attempt. */
  signal: AbortSignal;
}

/**
 * Runs the transport step: once by default; the resilience pipeline's
 * `execute` (bulkhead, retry, breaker, attempt timeout) has this shape.
 */
export type AttemptExecutor = <T>(
  operation: (context: AttemptContext) => Promise<T>,
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
) => Promise<T>;

/** What the call pipeline shares across calls of one client. */
export interface ClientRuntime {
  options: ResolvedClientOptions;
  transport: Transport;
  execute: AttemptExecutor;
  events: EventEmitter<ClientEventMap>;
  usage: UsageTracker;
  /** Maps anything thrown to a Bulwark error, with the key masked. */
  toBulwarkError: (error: unknown, signal: AbortSignal | undefined) => BulwarkError;
  /** Whether `close()` was called. */
  isClosed: () => boolean;
}

/** One call on its way through the pipeline. */
export interface PreparedCall {
  callId: string;
  model: string;
  modelInfo: ModelInfo | undefined;
  request: ChatCompletionCreateParams;
  promptTokens: number | undefined;
  startedAt: number;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
}
