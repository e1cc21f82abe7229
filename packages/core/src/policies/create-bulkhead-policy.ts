import { bulkhead, isBulkheadRejectedError } from 'cockatiel';
import { BulkheadRejectedError } from '../errors/errors.js';
import { createListenerSet } from './create-listener-set.js';
import { NEVER_ABORTED } from './create-timeout-policy.js';

/** What a `bulkheadRejected` listener receives. */
export interface BulkheadRejectedEvent {
  /** The concurrency ceiling that was reached. */
  maxConcurrent: number;
  /** The queue size that was reached. */
  maxQueue: number;
}

/** Options of {@link createBulkheadPolicy}. */
export interface CreateBulkheadPolicyOptions {
  /** Calls running at once. */
  maxConcurrent: number;
  /** Calls waiting for a slot. */
  maxQueue: number;
}

/** The bulkhead step of the resilience pipeline. */
export interface BulkheadStep {
  /**
   * Runs `work` when a slot is free, queues it when none is, rejects it when
   * the queue is full too.
   *
   * @param work - the guarded work; receives `signal`.
   * @param signal - aborting it ends a queue wait at once (rejecting with the
   * signal's reason); `work` is then never started. Once `work` has started,
   * it is up to `work` to honour the signal.
   * @param holdSlotUntil - when given, the call resolves as soon as `work`
   * does, but the slot stays taken until the promise this returns for the
   * result settles (its rejection is ignored): a stream keeps its slot while
   * it is read. It must settle in the end, or the slot is never freed.
   * @throws BulkheadRejectedError at once when `maxConcurrent` calls run and
   * `maxQueue` wait.
   */
  execute<T>(
    work: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    holdSlotUntil?: (result: T) => PromiseLike<unknown>,
  ): Promise<T>;
  /** Calls holding a slot. */
  inFlight(): number;
  /**
   * Calls waiting for a slot. A call aborted while waiting stops counting at
   * once; its entry keeps its place in the queue (and one unit of `maxQueue`)
   * until a slot frees, then leaves without running.
   */
  queued(): number;
  /** Listens to rejections. @returns a function that removes the listener. */
  onRejected(listener: (event: BulkheadRejectedEvent) => void): () => void;
  /** Removes every listener. */
  dispose(): void;
}

/** A wait that cannot be aborted: nothing to race against, nothing to dispose. */
const NOT_ABORTABLE = { promise: undefined, dispose: () => undefined };

/** Rejects with the signal's reason if it aborts before `isStarted()` turns true. */
function rejectOnAbortWhileWaiting(
  signal: AbortSignal,
  isStarted: () => boolean,
): { promise: Promise<never> | undefined; dispose: () => void } {
  if (signal === NEVER_ABORTED) return NOT_ABORTABLE;
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      if (!isStarted()) reject(signal.reason as unknown);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Creates the bulkhead step on cockatiel's `BulkheadPolicy`.
 *
 * The caller's signal is deliberately not handed to cockatiel: in 3.2.1 an
 * aborted entry stays queued, and when a slot frees cockatiel drops it
 * without dequeuing the next one, which can strand live callers in the queue.
 * Here an aborted caller is released at once, and its entry, when its turn
 * comes, takes the slot, sees the abort and hands the slot on.
 *
 * @example
 * ```ts
 * const guard = createBulkheadPolicy({ maxConcurrent: 32, maxQueue: 256 });
 * guard.onRejected(() => metrics.overloaded.inc());
 * await guard.execute((signal) => send(request, signal), signal);
 * ```
 */
export function createBulkheadPolicy(options: CreateBulkheadPolicyOptions): BulkheadStep {
  const { maxConcurrent, maxQueue } = options;
  const policy = bulkhead(maxConcurrent, maxQueue);
  const rejections = createListenerSet<BulkheadRejectedEvent>();
  let waiting = 0;

  /** A call that may wait for its slot, or hold it after its work: counted, raced, mapped. */
  async function waitForSlot<T>(
    work: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    holdSlotUntil?: (result: T) => PromiseLike<unknown>,
  ): Promise<T> {
    if (signal.aborted) throw signal.reason;
    let started = false;
    let queuedHere = false;
    const leaveQueue = (): void => {
      if (queuedHere) waiting -= 1;
      queuedHere = false;
    };
    let deliver: (result: T) => void = () => undefined;
    // Only a held slot resolves the call before the work's own promise does.
    const delivered =
      holdSlotUntil === undefined ? undefined : new Promise<T>((resolve) => (deliver = resolve));
    const queueSlotsBefore = policy.queueSlots;
    const running = policy.execute(async () => {
      leaveQueue();
      if (signal.aborted) throw signal.reason;
      started = true;
      const result = await work(signal);
      if (holdSlotUntil === undefined) return result;
      deliver(result);
      try {
        await holdSlotUntil(result);
      } catch {
        // The hold only says when the slot frees; how it ended is the caller's business.
      }
      return result;
    });
    if (policy.queueSlots < queueSlotsBefore) {
      queuedHere = true;
      waiting += 1;
    }
    // Once started, `work` answers the abort itself: the call then settles
    // only after the work has cleaned up (timers cleared, request aborted).
    // A call that got a slot at once (the usual case) has started already.
    const aborted = started ? NOT_ABORTABLE : rejectOnAbortWhileWaiting(signal, () => started);
    try {
      // Only promises that settle are raced: a shared promise that never settles
      // would keep a reaction of every race that ever included it (a leak).
      const contenders: Promise<T>[] = [running];
      if (delivered !== undefined) contenders.push(delivered);
      if (aborted.promise !== undefined) contenders.push(aborted.promise);
      return await (contenders.length === 1 ? running : Promise.race(contenders));
    } catch (error) {
      if (!isBulkheadRejectedError(error)) throw error;
      rejections.emit({ maxConcurrent, maxQueue });
      throw new BulkheadRejectedError({
        message: `Too many calls: ${maxConcurrent} in flight and ${maxQueue} waiting`,
      });
    } finally {
      leaveQueue();
      aborted.dispose();
    }
  }

  return {
    execute<T>(
      work: (signal: AbortSignal) => Promise<T>,
      signal: AbortSignal,
      holdSlotUntil?: (result: T) => PromiseLike<unknown>,
    ): Promise<T> {
      // The usual call: a free slot and nothing to hold it after the work (a completion).
      // cockatiel starts the work at once, so there is no queue to count, no abort to race
      // and no rejection to map: a step less on every call.
      if (holdSlotUntil === undefined && !signal.aborted && policy.executionSlots > 0) {
        return policy.execute(() => work(signal));
      }
      return waitForSlot(work, signal, holdSlotUntil);
    },
    inFlight: () => maxConcurrent - policy.executionSlots,
    queued: () => waiting,
    onRejected: (listener) => rejections.add(listener),
    dispose: () => rejections.clear(),
  };
}
