import { chatChunk, chatCompletion } from '@bulwark/testing-mocks';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, StreamTruncatedError } from '../errors/errors.js';
import { createResponseCache, type ResponseCacheOptions } from './create-response-cache.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import type { UpstreamCompletion } from './response-cache.js';

const request = (extra: Partial<ChatCompletionCreateParams> = {}) =>
  ({
    model: 'gpt-4',
    messages: [{ role: 'user', content: 'Capital of France?' }],
    temperature: 0,
    ...extra,
  }) as ChatCompletionCreateParams;

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function setup(options: Partial<ResponseCacheOptions> = {}) {
  const clock = manualClock();
  const store = new MemoryCacheStore({ clock });
  const cache = createResponseCache({ store, clock, ...options });
  let answers = 0;
  const upstream = vi.fn(async (_signal: AbortSignal | undefined): Promise<UpstreamCompletion> => ({
    completion: chatCompletion({ content: `answer ${++answers}` }),
    requestId: `req_${answers}`,
  }));
  return { cache, store, clock, upstream };
}

/** An upstream stream of `texts` (then a finish_reason chunk), optionally failing instead of ending. */
function upstreamStream(
  texts: string[],
  options: { failAfter?: number; gate?: Promise<void> } = {},
) {
  const chunks = [
    ...texts.map((content) => chatChunk({ id: 'chatcmpl-s', created: 1, content })),
    chatChunk({ id: 'chatcmpl-s', created: 1, choices: [{ delta: {}, finish_reason: 'stop' }] }),
  ];
  let signal: AbortSignal | undefined;
  const open = vi.fn(async (upstreamSignal: AbortSignal | undefined) => {
    signal = upstreamSignal;
    return {
      requestId: 'req_stream',
      chunks: (async function* () {
        for (const [index, chunk] of chunks.entries()) {
          if (index === 1) await options.gate;
          if (signal?.aborted === true) throw new AbortError({ message: 'aborted' });
          if (index === options.failAfter) {
            throw new StreamTruncatedError({
              message: 'cut',
              requestId: undefined,
              retryable: false,
            });
          }
          yield chunk;
        }
      })(),
    };
  });
  return { open, chunks, signal: () => signal };
}

async function collect(iterable: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('createResponseCache: streams', () => {
  const streaming = () => request({ stream: true });

  it('replays a stored stream with the same content and chunking', async () => {
    const { cache, store } = setup();
    const upstream = upstreamStream(['Par', 'is', ' is the capital.']);
    const first = await cache.stream(streaming(), {}, upstream.open);
    const recorded = await collect(first.chunks);
    await vi.waitFor(() => expect(store.stats().entries).toBe(1));
    const replay = await cache.stream(streaming(), {}, upstream.open);
    const replayed = await collect(replay.chunks);
    expect(first.outcome).toBe('miss');
    expect(replay).toMatchObject({ outcome: 'hit', requestId: 'req_stream' });
    expect(replayed).toHaveLength(upstream.chunks.length);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(recorded));
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(upstream.chunks));
    expect(upstream.open).toHaveBeenCalledTimes(1);
  });

  it('fans one upstream stream out to every concurrent caller', async () => {
    const { cache } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const upstream = upstreamStream(['a', 'b', 'c'], { gate });
    const streams = await Promise.all(
      [1, 2, 3].map(() => cache.stream(streaming(), {}, upstream.open)),
    );
    const readers = streams.map((stream) => collect(stream.chunks));
    release();
    const results = await Promise.all(readers);
    expect(upstream.open).toHaveBeenCalledTimes(1);
    expect(streams.map((stream) => stream.outcome)).toEqual(['miss', 'coalesced', 'coalesced']);
    for (const chunks of results) expect(chunks).toEqual(upstream.chunks);
  });

  it('does not cache a truncated stream, and hands the failure to every reader', async () => {
    const { cache, store } = setup();
    const upstream = upstreamStream(['a', 'b', 'c'], { failAfter: 2 });
    const streams = await Promise.all(
      [1, 2].map(() => cache.stream(streaming(), {}, upstream.open)),
    );
    for (const stream of streams) {
      await expect(collect(stream.chunks)).rejects.toBeInstanceOf(StreamTruncatedError);
    }
    expect(store.stats().entries).toBe(0);
    const next = await cache.stream(streaming(), {}, upstreamStream(['a']).open);
    expect(next.outcome).toBe('miss');
  });

  it('keeps reading for the others when one reader stops, and aborts when all have', async () => {
    const { cache, store } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const upstream = upstreamStream(['a', 'b', 'c'], { gate });
    const first = await cache.stream(streaming(), {}, upstream.open);
    const second = await cache.stream(streaming(), {}, upstream.open);
    for await (const _ of first.chunks) break;
    expect(upstream.signal()?.aborted).toBe(false);
    for await (const _ of second.chunks) break;
    expect(upstream.signal()?.aborted).toBe(true);
    release();
    await vi.waitFor(() => expect(cache.stats().entries).toBe(0));
    expect(store.stats().entries).toBe(0);
  });

  it('leaves the flight when a reader aborts before reading', async () => {
    const { cache } = setup();
    const gate = new Promise<void>(() => undefined);
    const upstream = upstreamStream(['a'], { gate });
    const caller = new AbortController();
    await cache.stream(streaming(), { signal: caller.signal }, upstream.open);
    caller.abort();
    expect(upstream.signal()?.aborted).toBe(true);
  });

  it('keeps streams and completions of the same request apart', async () => {
    const { cache, upstream } = setup();
    await cache.complete(request(), {}, upstream);
    const stream = await cache.stream(streaming(), {}, upstreamStream(['x']).open);
    expect(stream.outcome).toBe('miss');
    expect(cache.keyOf(streaming())).not.toBe(cache.keyOf(request()));
  });

  it('bypasses a sampled stream without recording it', async () => {
    const { cache } = setup();
    const upstream = upstreamStream(['x']);
    const stream = await cache.stream(request({ stream: true, temperature: 1 }), {}, upstream.open);
    expect(stream.outcome).toBe('bypass');
    expect(await collect(stream.chunks)).toEqual(upstream.chunks);
  });
});
