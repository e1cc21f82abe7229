import type { BulwarkError } from '../errors/bulwark-error.js';
import type { CallUsage } from '../events/client-events.js';
import type { CallTrace, ResponseFacts } from '../telemetry/call-trace.js';
import type { ClientRuntime } from './runtime.js';

/**
 * The end of one call in the client's accounting: counted in
 * `health().usage`, taken out of `inFlight`, and told as a `response` or
 * `error` event. Whatever ends the call first settles it; later calls do
 * nothing, so every exit path may call it without double counting.
 */
export interface CallSettlement {
  /** The model the events name; set once the request is validated. */
  model: string;
  /** When a stream's first chunk reached the call (`performance.now()`); `undefined` for a completion. */
  firstChunkAt: number | undefined;
  /** A clean end: usage counted, `response` emitted, the span ended with what the answer said. */
  succeed(usage: CallUsage, requestId: string | undefined, response?: ResponseFacts): void;
  /** A failure: counted as an error, `error` emitted. */
  fail(error: BulwarkError): void;
  /** Given up by the consumer (a stream stopped early or never read): neither. */
  abandon(): void;
}

/**
 * Starts a call's accounting (it counts in flight from now on).
 *
 * @param runtime - the client's shared parts.
 * @param call - the call's id, first known model, kind and start time.
 */
export function startCallSettlement(runtime: ClientRuntime, call: SettledCall): CallSettlement {
  runtime.usage.start();
  return new Settlement(runtime, call);
}

/** What {@link startCallSettlement} knows of a call as it starts. */
export interface SettledCall {
  /** The call's id, for its events. */
  callId: string;
  /** The model asked for (or the client's default). */
  model: string;
  /** Whether the call is a stream. */
  stream: boolean;
  /** When it started (`performance.now()`). */
  startedAt: number;
  /** The caller's `onUsage` listener. */
  onUsage: ((usage: CallUsage) => void) | undefined;
  /** The call's span and measurements. */
  trace: CallTrace;
}

/** A class rather than a literal of closures: one allocation per call on the hot path. */
class Settlement implements CallSettlement {
  model: string;
  firstChunkAt: number | undefined = undefined;
  #settled = false;

  constructor(
    private readonly runtime: ClientRuntime,
    private readonly call: SettledCall,
  ) {
    this.model = call.model;
  }

  succeed(callUsage: CallUsage, requestId: string | undefined, response?: ResponseFacts): void {
    if (!this.#once()) return;
    const { usage, events } = this.runtime;
    usage.succeed(callUsage);
    const { trace, startedAt } = this.call;
    if (trace.active) {
      const firstChunk =
        this.firstChunkAt === undefined ? undefined : this.firstChunkAt - startedAt;
      trace.succeed(callUsage, response, firstChunk);
    }
    if (this.call.onUsage !== undefined) this.#tell(this.call.onUsage, callUsage);
    // No payload to build when nobody listens (the usual case for a cache hit).
    if (!events.listens('response')) return;
    events.emit('response', {
      callId: this.call.callId,
      model: this.model,
      stream: this.call.stream,
      requestId,
      usage: { ...callUsage },
      latencyMs: performance.now() - this.call.startedAt,
      timeToFirstChunkMs:
        this.firstChunkAt === undefined ? undefined : this.firstChunkAt - this.call.startedAt,
    });
  }

  fail(error: BulwarkError): void {
    if (!this.#once()) return;
    this.runtime.usage.fail();
    this.call.trace.fail(error);
    if (!this.runtime.events.listens('error')) return;
    this.runtime.events.emit('error', {
      callId: this.call.callId,
      model: this.model,
      stream: this.call.stream,
      error,
      latencyMs: performance.now() - this.call.startedAt,
    });
  }

  abandon(): void {
    if (!this.#once()) return;
    this.runtime.usage.abandon();
    this.call.trace.abandon();
  }

  #tell(listener: (usage: CallUsage) => void, callUsage: CallUsage): void {
    try {
      listener({ ...callUsage });
    } catch (error) {
      this.runtime.options.logger.warn(
        { error: error instanceof Error ? error.name : typeof error },
        'An onUsage listener threw',
      );
    }
  }

  #once(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    return true;
  }
}
