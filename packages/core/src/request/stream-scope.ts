import type { CallScope, KindContext } from './call-kind.js';

/**
 * The call's own controller, exposed as `stream.controller`: it follows the
 * caller's signal, and `client.close()` aborts it. Once aborted, or once the
 * stream has ended, the scope lets go of both.
 *
 * @param runtime - the client's shared parts (`close()` aborts its streams).
 * @param callerSignal - the caller's signal, if any.
 */
export function streamScope(
  runtime: KindContext['runtime'],
  callerSignal: AbortSignal | undefined,
): CallScope {
  const controller = new AbortController();
  const abort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted === true) abort();
  callerSignal?.addEventListener('abort', abort, { once: true });
  const forget = runtime.trackStream(controller);
  const release = (): void => {
    callerSignal?.removeEventListener('abort', abort);
    forget();
  };
  controller.signal.addEventListener('abort', release, { once: true });
  return { signal: controller.signal, controller, release };
}
