import { createAbortError } from '../engine/abort.js';
import type { MockBatchEndpoint, MockHold, MockHoldPoint } from './mock-batch-options.js';

interface Pending {
  point: MockHoldPoint;
  seen: () => void;
  released: Promise<void>;
}

/** The holds and "answered" waiters of the mock's Batch API. @internal */
export interface HoldRegistry {
  hold(endpoint: MockBatchEndpoint, point: MockHoldPoint): MockHold;
  answered(endpoint: MockBatchEndpoint): Promise<void>;
  /** Waits at `point` when a hold is set there (once per hold); rejects when `signal` aborts. */
  pass(endpoint: MockBatchEndpoint, point: MockHoldPoint, signal: AbortSignal): Promise<void>;
  /** Tells the waiters of `answered(endpoint)`. */
  answer(endpoint: MockBatchEndpoint): void;
  clear(): void;
}

/** Creates the registry behind `mock.batches.hold()` and `mock.batches.answered()`. @internal */
export function createHoldRegistry(): HoldRegistry {
  const holds = new Map<MockBatchEndpoint, Pending>();
  const waiters = new Map<MockBatchEndpoint, (() => void)[]>();
  return {
    hold(endpoint, point) {
      let seen!: () => void;
      let release!: () => void;
      const seenPromise = new Promise<void>((resolve) => (seen = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(endpoint, { point, seen, released });
      return {
        seen: seenPromise,
        release: () => {
          if (holds.get(endpoint)?.released === released) holds.delete(endpoint);
          release();
        },
      };
    },
    answered(endpoint) {
      return new Promise((resolve) => {
        waiters.set(endpoint, [...(waiters.get(endpoint) ?? []), resolve]);
      });
    },
    async pass(endpoint, point, signal) {
      const pending = holds.get(endpoint);
      if (pending === undefined || pending.point !== point) return;
      holds.delete(endpoint);
      pending.seen();
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(createAbortError());
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        void pending.released.then(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    },
    answer(endpoint) {
      const list = waiters.get(endpoint) ?? [];
      waiters.delete(endpoint);
      for (const resolve of list) resolve();
    },
    clear() {
      holds.clear();
      waiters.clear();
    },
  };
}
