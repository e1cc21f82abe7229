import type { LimiterKind } from './limiter-dimension.js';
import { waitAbortedError } from './limiter-errors.js';
import type { RateLimitGrant } from './rate-limiter.js';

/** An attempt waiting in the in-memory limiter's FIFO queue. */
export interface LimiterWaiter {
  cost: Record<LimiterKind, number>;
  enqueuedAt: number;
  deadline: number;
  resolve: (grant: RateLimitGrant) => void;
  reject: (error: unknown) => void;
  /** Stops following the attempt's signal: called when it leaves the queue. */
  detach: () => void;
}

/** Options of {@link enqueueWaiter}. */
export interface EnqueueWaiterOptions {
  cost: Record<LimiterKind, number>;
  /** Now, when it joins the queue. */
  time: number;
  /** The longest it may wait. */
  maxWaitMs: number;
  /** The attempt's signal: aborting it takes the waiter out of the queue. */
  signal: AbortSignal | undefined;
  /** Called after an aborted waiter left the queue (the head may go now). */
  onLeft: () => void;
}

/**
 * Puts an attempt at the end of the queue.
 *
 * @param queue - the limiter's queue.
 * @param options - its cost, the time, its longest wait, its signal.
 * @returns its grant, once the limiter resolves it; rejected when aborted or past its deadline.
 */
export function enqueueWaiter(
  queue: LimiterWaiter[],
  options: EnqueueWaiterOptions,
): Promise<RateLimitGrant> {
  const { cost, time, maxWaitMs, signal, onLeft } = options;
  return new Promise<RateLimitGrant>((resolve, reject) => {
    const onAbort = (): void => {
      const index = queue.indexOf(waiter);
      if (index !== -1) queue.splice(index, 1);
      reject(waitAbortedError(signal as AbortSignal));
      onLeft();
    };
    const waiter: LimiterWaiter = {
      cost,
      enqueuedAt: time,
      deadline: time + maxWaitMs,
      resolve,
      reject,
      detach: () => signal?.removeEventListener('abort', onAbort),
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    queue.push(waiter);
  });
}
