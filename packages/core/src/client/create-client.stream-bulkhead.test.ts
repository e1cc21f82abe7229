import { createMockOpenAI } from '@bulwark/testing-mocks';
import type { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, BulkheadRejectedError, StreamTruncatedError } from '../errors/errors.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

const TEXT = 'abcdefghij';
/** A non-deterministic request: never cached nor coalesced. */
const ask = (content = 'Hello there') => ({
  messages: [{ role: 'user' as const, content }],
  stream: true as const,
});
/** A deterministic request: cached and coalesced. */
const askCached = (content: string) => ({ ...ask(content), temperature: 0 });

/** A client on a mock that streams `TEXT` a character every 100 ms. */
function setup(bulkhead: ClientOptions['bulkhead']) {
  const mock = createMockOpenAI();
  const chat = mock.onChat();
  const client = createClient({
    apiKey: 'sk-test.bulkhead-0123456789abcdef',
    fetch: mock.fetch,
    model: 'gpt-4',
    retry: { maxAttempts: 1 },
    bulkhead,
  });
  return { mock, chat, client };
}

const tick = (milliseconds: number) => vi.advanceTimersByTimeAsync(milliseconds);
const settle = (promise: Promise<unknown>): Promise<unknown> =>
  promise.catch((error: unknown) => error);

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

/** Reads `stream` to its end while the mock's clock runs. */
async function readAll(stream: AsyncIterable<ChatCompletionChunk>): Promise<unknown> {
  const reading = settle(collect(stream));
  await tick(5_000);
  return reading;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

describe('streams and the bulkhead', () => {
  beforeAll(async () => {
    await loadTokenCounter('cl100k_base');
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unhandled).toEqual([]);
  });

  it('a stream being read holds its slot: maxConcurrent streams run, maxQueue wait, one more is rejected', async () => {
    const { mock, chat, client } = setup({ maxConcurrent: 2, maxQueue: 1 });
    chat.stream(TEXT, { chunkSize: 1, delayMs: 100 });
    const first = await client.chat.completions.create(ask());
    const second = await client.chat.completions.create(ask());
    expect(client.health()).toMatchObject({ inFlight: 2, queued: 0 });

    const third = client.chat.completions.create(ask());
    await tick(0);
    expect(client.health()).toMatchObject({ inFlight: 2, queued: 1 });
    expect(mock.calls).toHaveLength(2);
    expect(await settle(client.chat.completions.create(ask()))).toBeInstanceOf(
      BulkheadRejectedError,
    );

    expect(await readAll(first)).toBe(TEXT);
    const started = await third;
    expect(mock.calls).toHaveLength(3);
    expect(client.health()).toMatchObject({ inFlight: 2, queued: 0 });

    expect(await readAll(second)).toBe(TEXT);
    expect(await readAll(started)).toBe(TEXT);
    expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  type Ending = (stream: Stream<ChatCompletionChunk>, caller: AbortController) => Promise<unknown>;
  const endings: [string, Ending][] = [
    ['it is read to [DONE]', (stream) => readAll(stream)],
    [
      'the consumer breaks out of for await',
      async (stream) => {
        for await (const _chunk of stream) break;
      },
    ],
    [
      'the caller aborts mid-stream',
      async (stream, caller) => {
        const reading = settle(
          (async () => {
            for await (const _chunk of stream) caller.abort();
          })(),
        );
        await tick(1_000);
        expect(await reading).toBeInstanceOf(AbortError);
      },
    ],
    [
      'the consumer calls controller.abort() before reading',
      async (stream) => {
        stream.controller.abort();
        await tick(0);
      },
    ],
    [
      'the caller aborts a stream that was never read',
      async (_stream, caller) => {
        caller.abort();
        await tick(0);
      },
    ],
  ];

  it.each(endings)('frees the slot exactly once when %s', async (_name, end) => {
    const { mock, chat, client } = setup({ maxConcurrent: 1, maxQueue: 1 });
    chat.stream(TEXT, { chunkSize: 1, delayMs: 100 });
    const caller = new AbortController();
    const held = await client.chat.completions.create(ask(), { signal: caller.signal });
    const next = client.chat.completions.create(ask());
    await tick(300);
    expect(mock.calls).toHaveLength(1);
    expect(client.health()).toMatchObject({ queued: 1 });

    await end(held, caller);
    const running = await next;
    expect(mock.calls).toHaveLength(2);
    expect(client.health()).toMatchObject({ inFlight: 1, queued: 0 });

    // Freed once only: the one slot is taken again, so the next call waits.
    const waiting = settle(client.chat.completions.create(ask()));
    await tick(0);
    expect(mock.calls).toHaveLength(2);
    expect(client.health()).toMatchObject({ inFlight: 1, queued: 1 });
    expect(await readAll(running)).toBe(TEXT);
    expect(mock.calls).toHaveLength(3);
    await client.close();
    expect(await waiting).toHaveProperty('controller');
    expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('frees the slot when the stream fails (truncated)', async () => {
    const { mock, chat, client } = setup({ maxConcurrent: 1, maxQueue: 1 });
    chat.truncate({ afterChunks: 2, times: 1 }).stream(TEXT, { chunkSize: 1 });
    const held = await client.chat.completions.create(ask());
    const next = client.chat.completions.create(ask());
    await tick(0);
    expect(mock.calls).toHaveLength(1);
    expect(await settle(collect(held))).toBeInstanceOf(StreamTruncatedError);
    expect(await collect(await next)).toBe(TEXT);
    expect(mock.calls).toHaveLength(2);
    expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('client.close() frees the slots of streams being read and of streams never read', async () => {
    const { mock, chat, client } = setup({ maxConcurrent: 2, maxQueue: 1 });
    chat.stream(TEXT, { chunkSize: 1, delayMs: 100 });
    const reading = await client.chat.completions.create(ask());
    const unread = await client.chat.completions.create(ask());
    const queued = settle(client.chat.completions.create(ask()));
    const consumed = settle(collect(reading));
    await tick(250);
    expect(client.health()).toMatchObject({ inFlight: 2, queued: 1 });

    await client.close();
    expect(await consumed).toBeInstanceOf(AbortError);
    expect(await settle(collect(unread))).toBeInstanceOf(AbortError);
    expect(await queued).toBeInstanceOf(AbortError);
    expect(mock.calls).toHaveLength(2);
    expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('a coalesced stream takes one slot for the shared upstream call; a replay from the cache takes none', async () => {
    const { mock, chat, client } = setup({ maxConcurrent: 1, maxQueue: 0 });
    chat.stream(TEXT, { chunkSize: 1, delayMs: 100 });
    const [leader, joiner] = await Promise.all([
      client.chat.completions.create(askCached('shared')),
      client.chat.completions.create(askCached('shared')),
    ]);
    expect(mock.calls).toHaveLength(1);
    expect(await settle(client.chat.completions.create(askCached('other')))).toBeInstanceOf(
      BulkheadRejectedError,
    );

    const both = Promise.all([collect(leader), collect(joiner)]);
    await tick(5_000);
    expect(await both).toEqual([TEXT, TEXT]);

    const live = await client.chat.completions.create(askCached('other'));
    expect(mock.calls).toHaveLength(2);
    const replay = await client.chat.completions.create(askCached('shared'));
    expect(await collect(replay)).toBe(TEXT);
    expect(mock.calls).toHaveLength(2);
    expect(await readAll(live)).toBe(TEXT);
    expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
