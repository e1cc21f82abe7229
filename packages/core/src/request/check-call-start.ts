import type { CallOptions } from '../client/chat-completions.js';
import { AbortError, ValidationError } from '../errors/errors.js';
import { MAX_TIMER_MS } from '../policies/resilience-options.js';
import type { ClientRuntime } from './runtime.js';

/**
 * What every call checks first, whatever its endpoint: the client is open,
 * the caller's signal has not aborted, and `timeoutMs`, when set, is a whole
 * number of milliseconds a timer can hold.
 *
 * @param runtime - what the client's calls share.
 * @param callOptions - the caller's per-call options.
 * @param signal - the call's signal.
 * @throws {@link AbortError} for a closed client or an aborted signal.
 * @throws {@link ValidationError} for a bad `timeoutMs`.
 */
export function checkCallStart(
  runtime: ClientRuntime,
  callOptions: CallOptions,
  signal: AbortSignal | undefined,
): void {
  if (runtime.isClosed()) throw new AbortError({ message: 'The client is closed' });
  if (signal?.aborted === true) throw new AbortError({ message: 'The request was aborted' });
  const { timeoutMs } = callOptions;
  if (
    timeoutMs !== undefined &&
    !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS)
  ) {
    const message = `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${timeoutMs}`;
    throw new ValidationError({
      message,
      param: 'timeoutMs',
      issues: [{ path: 'timeoutMs', message }],
    });
  }
}
