import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/errors.js';
import { createStreamRecording } from './stream-recording.js';

/** A source whose chunks the test releases one by one. */
function controlledSource<T>() {
  const queue: { value?: T; error?: unknown; done?: boolean }[] = [];
  let wake: (() => void) | undefined;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
  };
  async function* iterate(): AsyncGenerator<T> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift() as (typeof queue)[number];
      if (item.error !== undefined) throw item.error;
      if (item.done === true) return;
      yield item.value as T;
    }
  }
  return {
    source: iterate(),
    chunk: (value: T) => push({ value }),
    end: () => push({ done: true }),
    fail: (error: unknown) => push({ error }),
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('createStreamRecording', () => {
  it('replays the whole stream to consumers that start early, late and after the end', async () => {
    const upstream = controlledSource<{ n: number }>();
    const recording = createStreamRecording(upstream.source);
    const early = collect(recording.replay());
    upstream.chunk({ n: 1 });
    upstream.chunk({ n: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    const late = collect(recording.replay());
    upstream.chunk({ n: 3 });
    upstream.end();
    const expected = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(await early).toEqual(expected);
    expect(await late).toEqual(expected);
    expect(await collect(recording.replay())).toEqual(expected);
    expect(await recording.finished).toEqual({ complete: true, chunks: expected });
  });

  it('gives every consumer its own copy of each chunk', async () => {
    const upstream = controlledSource<{ text: string }>();
    const recording = createStreamRecording(upstream.source);
    upstream.chunk({ text: 'a' });
    upstream.end();
    for await (const chunk of recording.replay()) chunk.text = 'mutated';
    expect(await collect(recording.replay())).toEqual([{ text: 'a' }]);
  });

  it('delivers the chunks before a failure, then the failure, to every consumer', async () => {
    const upstream = controlledSource<number>();
    const recording = createStreamRecording(upstream.source);
    const seen: number[][] = [[], []];
    const consumers = seen.map(async (items) => {
      for await (const item of recording.replay()) items.push(item);
    });
    upstream.chunk(1);
    const failure = new Error('truncated');
    upstream.fail(failure);
    for (const consumer of consumers) await expect(consumer).rejects.toBe(failure);
    expect(seen).toEqual([[1], [1]]);
    expect(await recording.finished).toEqual({ complete: false, error: failure });
  });

  it('stops one consumer on its signal while the others go on', async () => {
    const upstream = controlledSource<number>();
    const recording = createStreamRecording(upstream.source);
    const caller = new AbortController();
    const aborted = collect(recording.replay(caller.signal));
    const other = collect(recording.replay());
    upstream.chunk(1);
    caller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    upstream.chunk(2);
    upstream.end();
    expect(await other).toEqual([1, 2]);
  });
});
