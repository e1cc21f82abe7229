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
  const { usage, events } = runtime;
  let settled = false;
  const once = (): boolean => {
    if (settled) return false;
    settled = true;
    return true;
  };
  usage.start();
  const settlement: CallSettlement = {
    model: call.model,
    succeed(callUsage, requestId) {
      if (!once()) return;
      usage.succeed(callUsage);
      // No payload to build when nobody listens.
      if (!events.has('response')) return;
      events.emit('response', {
        callId: call.callId,
        model: settlement.model,
        stream: call.stream,
        requestId,
        usage: { ...callUsage },
        latencyMs: performance.now() - call.startedAt,
      });
    },
    fail(error) {
      if (!once()) return;
      usage.fail();
      if (!events.has('error')) return;
      events.emit('error', {
        callId: call.callId,
        model: settlement.model,
        stream: call.stream,
        error,
        latencyMs: performance.now() - call.startedAt,
      });
    },
    abandon() {
      if (once()) usage.abandon();
    },
  };
  return settlement;
}
