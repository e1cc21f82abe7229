import {
  limiterClosedError,
  waitAbortedError,
  waitTooLongError,
} from '../rate-limit/limiter-errors.js';
import type {
  RateLimitAcquireOptions,
  RateLimitGrant,
  RateLimiter,
} from '../rate-limit/rate-limiter.js';
import type { LimiterTimers } from '../rate-limit/token-bucket-limiter-options.js';
import type { SharedBucketKind } from './create-shared-buckets.js';
import type { SharedBucketReply } from './shared-bucket-script.js';

/** What an attempt takes from each shared bucket. */
export type SharedCost = Record<SharedBucketKind, number>;

interface Waiter {
  cost: SharedCost;
  options: RateLimitAcquireOptions;
  enqueuedAt: number;
  waitReported: boolean;
  resolve: (grant: RateLimitGrant) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

/** Options of {@link createSharedWaitQueue}. */
export interface SharedWaitQueueOptions {
  /** The limiter's clock. */
  now: () => number;
  /** Timers of the head's sleep. */
  timers: LimiterTimers;
  /** The longest an attempt may wait, in milliseconds. */
  maxWaitMs: number;
  /** Whether the head may ask Redis now: the limiter is open and on the `redis` backend. */
  active: () => boolean;
  /** Takes a cost from the shared buckets (the script's `take`). */
  take: (cost: SharedCost) => Promise<SharedBucketReply>;
  /** Gives a cost back to the shared buckets, in the background. */
  giveBack: (cost: SharedCost) => void;
  /** The grant of a cost Redis granted at `time`, after waiting `waitedMs`. */
  grant: (cost: SharedCost, time: number, waitedMs: number) => RateLimitGrant;
  /** Redis said an upstream 429 holds everyone until `until`. */
  onUpstreamPause: (until: number) => void;
  /** A `take` failed: Redis is unreachable. */
  onFailure: (error: unknown) => void;
}

/** The local FIFO queue of attempts waiting for the shared buckets. */
export interface SharedWaitQueue {
  /** How many attempts wait. */
  readonly length: number;
  /** What each waiting attempt costs, in FIFO order. */
  costs(): SharedCost[];
  /**
   * Queues an attempt and wakes the queue.
   * @param waitReported - whether the attempt's `onWait` was called already.
   */
  wait(
    cost: SharedCost,
    request: RateLimitAcquireOptions,
    waitReported: boolean,
  ): Promise<RateLimitGrant>;
  /** Lets the head ask Redis, unless it is asking already or the queue is not active. */
  pump(): void;
  /** Cancels the head's sleep. */
  stop(): void;
  /**
   * Cancels the head's sleep and moves every waiter to `limiter` (the local
   * fallback); `onWait` goes along only when it was not called yet.
   */
  handOver(limiter: Pick<RateLimiter, 'acquire'>): void;
  /** Rejects every waiter with the limiter's closed error. */
  close(): void;
}

/**
 * Waiters queue locally in FIFO order and only the head asks Redis. A
 * refused head sleeps for the wait Redis computed and asks again; a wait
 * beyond `maxWaitMs` fails with a local `RateLimitError`. `onWait` is called
 * when Redis first says the attempt must wait.
 *
 * @param options - the clock, timers, maximum wait, and how to reach the shared buckets.
 */
export function createSharedWaitQueue(options: SharedWaitQueueOptions): SharedWaitQueue {
  const { now, timers, maxWaitMs } = options;
  const queue: Waiter[] = [];
  let asking = false;
  let timer: unknown;

  function clearTimer(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  }

  function answer(head: Waiter, reply: SharedBucketReply): void {
    const time = now();
    if (!queue.includes(head)) {
      // Aborted while Redis answered: give back what was taken for it.
      if (reply.granted) options.giveBack(head.cost);
      return pump();
    }
    if (reply.granted) {
      queue.shift();
      head.detach();
      head.resolve(options.grant(head.cost, time, time - head.enqueuedAt));
      return pump();
    }
    if (reply.limit === 'upstream') options.onUpstreamPause(time + reply.waitMs);
    const waited = time - head.enqueuedAt;
    const refused = waited + reply.waitMs > maxWaitMs;
    if (!head.waitReported) {
      head.waitReported = true;
      head.options.onWait?.({ limit: reply.limit ?? 'requests', waitMs: reply.waitMs, refused });
    }
    if (refused) {
      queue.shift();
      head.detach();
      const waitedMs = waited > 0 ? waited : undefined;
      head.reject(waitTooLongError({ waitMs: waited + reply.waitMs, maxWaitMs, waitedMs }));
      return pump();
    }
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(1, Math.ceil(reply.waitMs)),
    );
  }

  function pump(): void {
    if (asking || !options.active()) return;
    const head = queue[0];
    if (head === undefined) return;
    clearTimer();
    asking = true;
    options.take(head.cost).then(
      (reply) => {
        asking = false;
        if (options.active()) answer(head, reply);
      },
      (error: unknown) => {
        asking = false;
        options.onFailure(error);
      },
    );
  }

  return {
    get length() {
      return queue.length;
    },
    costs: () => queue.map((waiter) => waiter.cost),
    wait(cost, request, waitReported) {
      const { signal } = request;
      return new Promise<RateLimitGrant>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          reject(waitAbortedError(signal as AbortSignal));
          if (index === 0) pump();
        };
        const waiter: Waiter = {
          cost,
          options: request,
          enqueuedAt: now(),
          waitReported,
          resolve,
          reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    pump,
    stop: clearTimer,
    handOver(limiter) {
      clearTimer();
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        const onWait = waiter.waitReported ? undefined : waiter.options.onWait;
        const options = Object.assign({}, waiter.options, { onWait });
        limiter.acquire(options).then(waiter.resolve, waiter.reject);
      }
    },
    close() {
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        waiter.reject(limiterClosedError());
      }
    },
  };
}
