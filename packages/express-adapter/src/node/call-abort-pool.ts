import { getEventListeners } from 'node:events';

/** The most idle controllers kept: more than a gateway has calls in flight at once. */
const KEPT = 1024;
const idle: AbortController[] = [];

/**
 * An abort controller for a core call: one a finished call left unused when
 * there is one, else a new one. Making an `AbortSignal` costs some
 * microseconds on Node 20 (an `EventTarget` and its tables), once per
 * request; a signal nobody aborted and nobody listens to any more is as
 * good as new.
 */
export function takeCallAbort(): AbortController {
  return idle.pop() ?? new AbortController();
}

/**
 * Gives back the controller of a call that has ended (its request closed):
 * kept for a later call only if it was never aborted and no listener is
 * left on its signal (core removes its own as each stage settles), so that
 * a later abort can reach nothing of this call.
 *
 * @param controller - the call's controller, if it had one.
 */
export function returnCallAbort(controller: AbortController | undefined): void {
  if (controller === undefined || controller.signal.aborted || idle.length >= KEPT) return;
  if (getEventListeners(controller.signal, 'abort').length > 0) return;
  idle.push(controller);
}
