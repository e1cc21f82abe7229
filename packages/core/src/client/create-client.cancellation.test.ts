import { getEventListeners } from 'node:events';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ServerError, StreamTruncatedError, TimeoutError } from '../errors/errors.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

const KEY = 'sk-proj.cancellation0123456789abcdefghij';
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };
const streaming = { ...hello, stream: true as const };

/** A client on a mock whose fetch counts the requests it holds open. */
function setup(options: ClientOptions = {}) {
  const mock = createMockOpenAI();
  let open = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    open += 1;
    try {
      return await mock.fetch(input, init);
    } finally {
      open -= 1;
    }
  };
  const client = createClient({
    apiKey: KEY,
    fetch,
    random: () => 0.5,
    ...options,
    retry: { baseDelayMs: 100, maxDelayMs: 10_000, ...options.retry },
  });
  return { mock, client, open: () => open };
}

const settle = (promise: Promise<unknown>): Promise<unknown> =>
  promise.catch((error: unknown) => error);
const tick = (milliseconds: number) => vi.advanceTimersByTimeAsync(milliseconds);
const text = (chunks: readonly ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

/** Reads a stream to its end, returning the chunks read and the error that ended it, if any. */
async function drain(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

const unhandled: unknown[] = [];
const warnings: Error[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};

describe('createClient: cancellation and streams through the pipeline', () => {
  beforeAll(async () => {
    await loadTokenCounter('cl100k_base');
    process.on('unhandledRejection', onUnhandled);
    process.on('warning', onWarning);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('warning', onWarning);
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unhandled).toEqual([]);
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });

  describe('abort', () => {
    it('while waiting in the bulkhead queue: AbortError at once, nothing sent', async () => {
      const { mock, client, open } = setup({ bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
      mock.onChat().hang();
      const running = new AbortController();
      const waiting = new AbortController();
      const first = settle(client.chat.completions.create(hello, { signal: running.signal }));
      const second = settle(client.chat.completions.create(hello, { signal: waiting.signal }));
      await tick(10);
      expect(client.health()).toMatchObject({ inFlight: 1, queued: 1 });
      waiting.abort();
      expect(await second).toBeInstanceOf(AbortError);
      expect(client.health()).toMatchObject({ inFlight: 1, queued: 0 });
      running.abort();
      expect(await first).toBeInstanceOf(AbortError);
      expect(mock.calls).toHaveLength(1);
      expect(open()).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('during a backoff wait: AbortError at once, no further attempt, no timer left', async () => {
      const { mock, client } = setup({ retry: { baseDelayMs: 10_000 } });
      mock.onChat().failOnce(500);
      const controller = new AbortController();
      const retried = vi.fn();
      client.on('retry', retried);
      const call = settle(client.chat.completions.create(hello, { signal: controller.signal }));
      await tick(100);
      expect(retried).toHaveBeenCalledWith(expect.objectContaining({ delayMs: 5_000 }));
      controller.abort();
      expect(await call).toBeInstanceOf(AbortError);
      expect(vi.getTimerCount()).toBe(0);
      await tick(10_000);
      expect(mock.calls).toHaveLength(1);
    });

    it('in flight: the HTTP request is cancelled, AbortError, no timer or request left', async () => {
      const { mock, client, open } = setup();
      mock.onChat().hang();
      const controller = new AbortController();
      const call = settle(client.chat.completions.create(hello, { signal: controller.signal }));
      await tick(100);
      expect(open()).toBe(1);
      controller.abort();
      const error = await call;
      expect(error).toBeInstanceOf(AbortError);
      expect(error).toMatchObject({ code: 'aborted', retryable: false });
      expect(open()).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
      expect(mock.calls).toHaveLength(1);
      expect(client.health()).toMatchObject({ circuit: 'closed', inFlight: 0, queued: 0 });
    });

    it('before the first chunk of a stream: AbortError, nothing retried', async () => {
      const { mock, client, open } = setup();
      mock.onChat().hang();
      const controller = new AbortController();
      const call = settle(client.chat.completions.create(streaming, { signal: controller.signal }));
      await tick(100);
      controller.abort();
      expect(await call).toBeInstanceOf(AbortError);
      expect(open()).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
      expect(mock.calls).toHaveLength(1);
    });

    it('mid-stream: the reader gets AbortError and the upstream stops sending', async () => {
      const { mock, client } = setup();
      mock.onChat().stream('abcdefghij', { chunkSize: 2, delayMs: 1_000 });
      const controller = new AbortController();
      const stream = await client.chat.completions.create(streaming, {
        signal: controller.signal,
      });
      const iterator = stream[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      controller.abort();
      const error = await settle(iterator.next());
      expect(error).toBeInstanceOf(AbortError);
      expect(vi.getTimerCount()).toBe(0);
      expect(mock.calls).toHaveLength(1);
      expect(client.health()).toMatchObject({ inFlight: 0, usage: { errors: 1 } });
    });
  });

  describe('streams', () => {
    it('retries a stream whose request failed before any chunk, and delivers the first chunk', async () => {
      const { mock, client } = setup();
      mock.onChat().failOnce(503).streamOnce('Hello, world', { chunkSize: 3 });
      const call = client.chat.completions.create(streaming);
      await tick(100);
      const { chunks, error } = await drain(await call);
      expect(error).toBeUndefined();
      expect(text(chunks)).toBe('Hello, world');
      expect(mock.calls).toHaveLength(2);
    });

    it('retries a stream that ended before its first chunk', async () => {
      const { mock, client } = setup();
      mock.onChat().truncate({ afterChunks: 0, times: 1 }).streamOnce('second try');
      const call = client.chat.completions.create(streaming);
      await tick(100);
      const { chunks } = await drain(await call);
      expect(text(chunks)).toBe('second try');
      expect(mock.calls).toHaveLength(2);
    });

    it('does not retry once a chunk was delivered: the reader gets the chunks, then the error', async () => {
      const { mock, client } = setup();
      mock.onChat().truncate({ afterChunks: 3, times: 1 });
      mock.onChat().malformed({ times: 1 });
      const truncated = await drain(await client.chat.completions.create(streaming));
      expect(truncated.chunks).toHaveLength(3);
      expect(truncated.error).toBeInstanceOf(StreamTruncatedError);
      expect(truncated.error).toMatchObject({ retryable: false });
      const malformed = await drain(await client.chat.completions.create(streaming));
      expect(malformed.chunks).toHaveLength(1);
      expect(malformed.error).toBeInstanceOf(ServerError);
      await tick(60_000);
      expect(mock.calls).toHaveLength(2);
    });

    it('times the wait for the first chunk, not the rest of the stream', async () => {
      const { mock, client } = setup({ timeoutMs: 1_000, retry: { maxAttempts: 2 } });
      mock.onChat().hang({ times: 2 });
      const call = settle(client.chat.completions.create(streaming));
      await tick(2_100);
      expect(await call).toBeInstanceOf(TimeoutError);
      expect(mock.calls).toHaveLength(2);

      mock.onChat().stream('slow but steady', { chunkSize: 5, delayMs: 3_000 });
      const stream = await client.chat.completions.create(streaming);
      const read = drain(stream);
      // Three text chunks, the finish and the usage chunk, 3 s apart.
      await tick(16_000);
      const { chunks, error } = await read;
      expect(error).toBeUndefined();
      expect(text(chunks)).toBe('slow but steady');
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('listeners', () => {
    it('leaves no abort listener on a long-lived caller signal, over many calls, retries and streams', async () => {
      const { mock, client } = setup({ retry: { maxAttempts: 2, baseDelayMs: 10 } });
      const caller = new AbortController();
      const { signal } = caller;
      for (let round = 0; round < 15; round += 1) {
        mock.onChat().failOnce(500).replyOnce('recovered');
        const retried = client.chat.completions.create(hello, { signal });
        await tick(10);
        expect((await retried).choices[0]?.message.content).toBe('recovered');
        mock.onChat().failOnce(400);
        await settle(client.chat.completions.create(hello, { signal }));
        expect(
          text((await drain(await client.chat.completions.create(streaming, { signal }))).chunks),
        ).toBe('Hello there');
        for await (const chunk of await client.chat.completions.create(streaming, { signal })) {
          expect(chunk.object).toBe('chat.completion.chunk');
          break;
        }
      }
      expect(mock.calls).toHaveLength(15 * 5);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('close', () => {
    it('aborts streams being read or not yet read, then resolves', async () => {
      const { mock, client } = setup();
      mock.onChat().stream('abcdefghij', { chunkSize: 2, delayMs: 1_000 });
      const reading = await client.chat.completions.create(streaming);
      const unread = await client.chat.completions.create(streaming);
      const iterator = reading[Symbol.asyncIterator]();
      await iterator.next();
      await client.close();
      expect(await settle(iterator.next())).toBeInstanceOf(AbortError);
      expect((await drain(unread)).error).toBeInstanceOf(AbortError);
      expect(vi.getTimerCount()).toBe(0);
      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(AbortError);
    });
  });
});
