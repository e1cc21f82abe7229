import { describe, expect, it, vi } from 'vitest';
import { BulkheadRejectedError } from '../errors/errors.js';
import { createBulkheadPolicy, type BulkheadRejectedEvent } from './create-bulkhead-policy.js';

const never = new AbortController().signal;
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);

/** Work that runs until released, recording how many run at once. */
function gatedWork() {
  let running = 0;
  let maxRunning = 0;
  const releases: (() => void)[] = [];
  const work = vi.fn(
    () =>
      new Promise<string>((resolve) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        releases.push(() => {
          running -= 1;
          resolve('done');
        });
      }),
  );
  return {
    work,
    releaseNext: () => releases.shift()?.(),
    maxRunning: () => maxRunning,
  };
}

const flush = async (): Promise<void> => {
  for (let index = 0; index < 5; index += 1) await Promise.resolve();
};

describe('createBulkheadPolicy', () => {
  it('never runs more than maxConcurrent at once, queues maxQueue, and runs the queue as slots free', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 2, maxQueue: 3 });
    const gate = gatedWork();
    const calls = Array.from({ length: 5 }, () => bulkhead.execute(gate.work, never));
    await flush();
    expect(gate.work).toHaveBeenCalledTimes(2);
    expect({ inFlight: bulkhead.inFlight(), queued: bulkhead.queued() }).toEqual({
      inFlight: 2,
      queued: 3,
    });

    for (let index = 0; index < 5; index += 1) {
      gate.releaseNext();
      await flush();
    }
    expect(await Promise.all(calls)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(gate.work).toHaveBeenCalledTimes(5);
    expect(gate.maxRunning()).toBe(2);
    expect({ inFlight: bulkhead.inFlight(), queued: bulkhead.queued() }).toEqual({
      inFlight: 0,
      queued: 0,
    });
  });

  it('rejects at once with BulkheadRejectedError and an event when the queue is full', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 });
    const events: BulkheadRejectedEvent[] = [];
    bulkhead.onRejected((event) => events.push(event));
    const gate = gatedWork();
    const running = bulkhead.execute(gate.work, never);
    const waiting = bulkhead.execute(gate.work, never);
    const extra = vi.fn(() => Promise.resolve('never'));
    const error = await settle(bulkhead.execute(extra, never));
    expect(error).toBeInstanceOf(BulkheadRejectedError);
    expect((error as BulkheadRejectedError).code).toBe('overloaded');
    expect(extra).not.toHaveBeenCalled();
    expect(events).toEqual([{ maxConcurrent: 1, maxQueue: 1 }]);
    gate.releaseNext();
    await flush();
    gate.releaseNext();
    await expect(Promise.all([running, waiting])).resolves.toEqual(['done', 'done']);
  });

  it('an abort ends a queue wait at once, the work never runs, and the next waiting call still gets the slot', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 2 });
    const gate = gatedWork();
    const running = bulkhead.execute(gate.work, never);
    const controller = new AbortController();
    const abandonedWork = vi.fn(() => Promise.resolve('never'));
    const abandoned = settle(bulkhead.execute(abandonedWork, controller.signal));
    const next = bulkhead.execute(gate.work, never);
    await flush();
    expect(bulkhead.queued()).toBe(2);

    const reason = new Error('caller gone');
    controller.abort(reason);
    expect(await abandoned).toBe(reason);
    expect(bulkhead.queued()).toBe(1);

    gate.releaseNext();
    await flush();
    expect(abandonedWork).not.toHaveBeenCalled();
    expect(gate.work).toHaveBeenCalledTimes(2);
    gate.releaseNext();
    await expect(Promise.all([running, next])).resolves.toEqual(['done', 'done']);
    expect({ inFlight: bulkhead.inFlight(), queued: bulkhead.queued() }).toEqual({
      inFlight: 0,
      queued: 0,
    });
  });

  it('rejects an already aborted call without taking a slot', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 0 });
    const controller = new AbortController();
    controller.abort('gone');
    const work = vi.fn(() => Promise.resolve('never'));
    await expect(bulkhead.execute(work, controller.signal)).rejects.toBe('gone');
    expect(work).not.toHaveBeenCalled();
    expect(bulkhead.inFlight()).toBe(0);
  });

  it('passes the signal to the work and stops notifying after dispose', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 0 });
    const controller = new AbortController();
    expect(
      await bulkhead.execute(
        (signal) => Promise.resolve(signal === controller.signal),
        controller.signal,
      ),
    ).toBe(true);
    const listener = vi.fn();
    bulkhead.onRejected(listener);
    bulkhead.dispose();
    const gate = gatedWork();
    const running = bulkhead.execute(gate.work, never);
    await settle(bulkhead.execute(gate.work, never));
    expect(listener).not.toHaveBeenCalled();
    gate.releaseNext();
    await running;
  });

  it('with holdSlotUntil, resolves with the result at once but keeps the slot until the hold settles', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 });
    let endHold = (): void => undefined;
    const hold = vi.fn(() => new Promise<void>((resolve) => (endHold = resolve)));
    const first = await bulkhead.execute(() => Promise.resolve('opened'), never, hold);
    expect(first).toBe('opened');
    expect(hold).toHaveBeenCalledWith('opened');
    expect(bulkhead.inFlight()).toBe(1);

    const next = vi.fn(() => Promise.resolve('next'));
    const queued = bulkhead.execute(next, never);
    await flush();
    expect(next).not.toHaveBeenCalled();
    expect(bulkhead.queued()).toBe(1);
    await expect(settle(bulkhead.execute(next, never))).resolves.toBeInstanceOf(
      BulkheadRejectedError,
    );

    endHold();
    expect(await queued).toBe('next');
    expect(next).toHaveBeenCalledTimes(1);
    expect({ inFlight: bulkhead.inFlight(), queued: bulkhead.queued() }).toEqual({
      inFlight: 0,
      queued: 0,
    });
  });

  it('frees the slot when the hold rejects or throws, and lets nothing escape', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 0 });
      const failing = () => Promise.reject(new Error('stream failed'));
      expect(await bulkhead.execute(() => Promise.resolve(1), never, failing)).toBe(1);
      await flush();
      expect(bulkhead.inFlight()).toBe(0);
      const throwing = (): Promise<void> => {
        throw new Error('thrown');
      };
      expect(await bulkhead.execute(() => Promise.resolve(2), never, throwing)).toBe(2);
      await flush();
      expect(bulkhead.inFlight()).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('does not call the hold when the work fails', async () => {
    const bulkhead = createBulkheadPolicy({ maxConcurrent: 1, maxQueue: 0 });
    const hold = vi.fn(() => Promise.resolve());
    const failure = new Error('upstream down');
    expect(await settle(bulkhead.execute(() => Promise.reject(failure), never, hold))).toBe(
      failure,
    );
    expect(hold).not.toHaveBeenCalled();
    expect(bulkhead.inFlight()).toBe(0);
  });
});
