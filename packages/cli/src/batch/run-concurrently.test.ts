import { describe, expect, it } from 'vitest';
import { runConcurrently } from './run-concurrently.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('runConcurrently', () => {
  it('keeps at most `concurrency` items in progress and runs every item once', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await runConcurrently({
      items: Array.from({ length: 20 }, (_, index) => index),
      concurrency: 4,
      run: async (item) => {
        active += 1;
        peak = Math.max(peak, active);
        await Promise.resolve();
        seen.push(item);
        active -= 1;
      },
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('starts no new item once the signal aborts, and waits for those in progress', async () => {
    const controller = new AbortController();
    const gates = [deferred(), deferred()];
    const started: number[] = [];
    const finished: number[] = [];
    const run = runConcurrently({
      items: [0, 1, 2, 3],
      concurrency: 2,
      signal: controller.signal,
      run: async (item) => {
        started.push(item);
        await gates[item]?.promise;
        finished.push(item);
      },
    });
    await Promise.resolve();
    controller.abort();
    gates.forEach((gate) => gate.resolve());
    await run;
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0, 1]);
  });

  it('rethrows a worker error after the items in progress finished', async () => {
    const finished: number[] = [];
    await expect(
      runConcurrently({
        items: [0, 1, 2],
        concurrency: 2,
        run: async (item) => {
          if (item === 0) throw new Error('disk full');
          await Promise.resolve();
          finished.push(item);
        },
      }),
    ).rejects.toThrow('disk full');
    expect(finished).toEqual([1]);
  });
});
