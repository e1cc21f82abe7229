import { chatChunk, createMockOpenAI, toolCall } from '@bulwark/testing-mocks';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ServerError, StreamTruncatedError } from '../errors/errors.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import { createClient } from './create-client.js';

const hello = {
  messages: [{ role: 'user' as const, content: 'Hello there' }],
  stream: true as const,
};

function setup() {
  const mock = createMockOpenAI();
  const client = createClient({
    apiKey: 'sk-test.stream-0123456789',
    fetch: mock.fetch,
    model: 'gpt-4',
  });
  return { mock, client };
}

async function collect(
  stream: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>,
) {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

describe('streaming chat completions', () => {
  it('yields the SDK chunks and accounts the call with counted usage when none was sent', async () => {
    const { mock, client } = setup();
    // An upstream that ignores `stream_options` (some compatible servers do).
    mock.onChat().streamOnce('The quick brown fox', { chunkSize: 5, includeUsage: false });
    const responses = vi.fn();
    client.on('response', responses);
    const stream = await client.chat.completions.create(hello);
    expect(client.health().inFlight).toBe(1);
    expect(await collect(stream)).toBe('The quick brown fox');
    const count = await loadTokenCounter('cl100k_base');
    expect(responses).toHaveBeenCalledTimes(1);
    expect(responses.mock.calls[0]?.[0]).toMatchObject({
      stream: true,
      requestId: expect.stringMatching(/^req_/),
      usage: { source: 'counted', completionTokens: count('The quick brown fox') },
    });
    expect(client.health()).toMatchObject({ inFlight: 0, usage: { requests: 1 } });
    expect(mock.calls[0]?.body.stream).toBe(true);
  });

  it('always asks upstream for usage, and keeps it out of a stream whose caller did not ask', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('Hi there', { chunkSize: 3 });
    const responses = vi.fn();
    client.on('response', responses);
    const chunks = [];
    for await (const chunk of await client.chat.completions.create(hello)) chunks.push(chunk);
    expect(mock.calls[0]?.body.stream_options).toEqual({ include_usage: true });
    // What OpenAI sends without the option: no usage chunk, no `usage` field.
    expect(chunks.every((chunk) => !('usage' in chunk) && chunk.choices.length === 1)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hi there');
    expect(responses.mock.calls[0]?.[0].usage).toMatchObject({ source: 'upstream' });
  });

  it('keeps the caller’s other stream options, and the usage chunk when it asked', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('Hi there');
    const stream = await client.chat.completions.create({
      ...hello,
      stream_options: { include_usage: true, include_obfuscation: false },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(mock.calls[0]?.body.stream_options).toEqual({
      include_usage: true,
      include_obfuscation: false,
    });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
  });

  it('uses the usage chunk when the request asks for it', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('Hi there');
    const responses = vi.fn();
    client.on('response', responses);
    const stream = await client.chat.completions.create({
      ...hello,
      stream_options: { include_usage: true },
    });
    await collect(stream);
    expect(responses.mock.calls[0]?.[0].usage.source).toBe('upstream');
  });

  it('streams tool calls', async () => {
    const { mock, client } = setup();
    mock.onChat().replyOnce({ toolCalls: [toolCall({ name: 'lookup', arguments: { id: 7 } })] });
    const stream = await client.chat.completions.create(hello);
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(args)).toEqual({ id: 7 });
    expect(finish).toBe('tool_calls');
  });

  it('raises StreamTruncatedError when the body ends without [DONE]', async () => {
    const { mock, client } = setup();
    mock.onChat().truncate({ afterChunks: 2, times: 1 });
    const errors = vi.fn();
    client.on('error', errors);
    const stream = await client.chat.completions.create(hello);
    const error = await failure(collect(stream));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect(error).toMatchObject({ code: 'stream_truncated', retryable: false });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(client.health()).toMatchObject({ inFlight: 0, usage: { errors: 1 } });
  });

  it('raises StreamTruncatedError when no chunk carries a finish_reason', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce([chatChunk({ content: 'partial' })]);
    const stream = await client.chat.completions.create(hello);
    expect(await failure(collect(stream))).toBeInstanceOf(StreamTruncatedError);
  });

  it('raises a ServerError on a malformed frame', async () => {
    const { mock, client } = setup();
    mock.onChat().malformed({ times: 1 });
    const stream = await client.chat.completions.create(hello);
    expect(await failure(collect(stream))).toBeInstanceOf(ServerError);
  });

  it('raises AbortError when the caller aborts mid-stream', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('a'.repeat(400), { chunkSize: 1, delayMs: 10 });
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const stream = await client.chat.completions.create(hello, { signal: controller.signal });
      const consumed = failure(
        (async () => {
          for await (const _chunk of stream) controller.abort();
        })(),
      );
      await vi.advanceTimersByTimeAsync(50);
      expect(await consumed).toBeInstanceOf(AbortError);
    } finally {
      vi.useRealTimers();
    }
    expect(client.health().inFlight).toBe(0);
  });

  it('stops the upstream when the consumer breaks early', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('b'.repeat(100), { chunkSize: 1 });
    const stream = await client.chat.completions.create(hello);
    for await (const _chunk of stream) break;
    expect(stream.controller.signal.aborted).toBe(true);
    expect(client.health().inFlight).toBe(0);
  });

  it('can be split with tee() like the SDK’s stream', async () => {
    const { mock, client } = setup();
    mock.onChat().streamOnce('twice');
    const [left, right] = (await client.chat.completions.create(hello)).tee();
    expect(await collect(left)).toBe('twice');
    expect(await collect(right)).toBe('twice');
  });
});
