import type { BulwarkError } from '../errors/bulwark-error.js';
import type { CallUsage } from '../events/client-events.js';
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
  /** A clean end: usage counted, `response` emitted. */
  succeed(usage: CallUsage, requestId: string | undefined): void;
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
export function startCallSettlement(
  runtime: ClientRuntime,
  call: { callId: string; model: string; stream: boolean; startedAt: number },
): CallSettlement {
  runtime.usage.start();
  return new Settlement(runtime, call);
}

/** A class rather than a literal of closures: one allocation per call on the hot path. */
class Settlement implements CallSettlement {
  model: string;
  #settled = false;

  constructor(
    private readonly runtime: ClientRuntime,
    private readonly call: { callId: string; model: string; stream: boolean; startedAt: number },
  ) {
    this.model = call.model;
  }

  succeed(callUsage: CallUsage, requestId: string | undefined): void {
    if (!this.#once()) return;
    const { usage, events } = this.runtime;
    usage.succeed(callUsage);
    // No payload to build when nobody listens (the usual case for a cache hit).
    if (!events.listens('response')) return;
    events.emit('response', {
      callId: this.call.callId,
      model: this.model,
      stream: this.call.stream,
      requestId,
      usage: { ...callUsage },
      latencyMs: performance.now() - this.call.startedAt,
    });
  }

  fail(error: BulwarkError): void {
    if (!this.#once()) return;
    this.runtime.usage.fail();
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
    if (this.#once()) this.runtime.usage.abandon();
  }

  #once(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    return true;
  }
}
