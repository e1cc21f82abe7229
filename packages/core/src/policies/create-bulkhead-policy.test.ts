import { describe, expect, it, vi } from 'vitest';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected-error.js';
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
});
