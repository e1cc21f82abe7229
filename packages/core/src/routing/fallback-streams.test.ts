import { chatChunk } from '@bulwark/testing-mocks';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import type { CallInfo } from '../client/call-info.js';
import { createClient } from '../client/create-client.js';
import { ServerError, StreamTruncatedError } from '../errors/errors.js';
import type { FallbackEvent } from '../events/client-events.js';
import {
  callsTo,
  twoDeploymentMock,
  twoDeploymentRoutes,
} from '../../test/support/two-deployments.js';

const hello = {
  messages: [{ role: 'user' as const, content: 'Hello there' }],
  stream: true as const,
};

function setup(firstChunkTimeoutMs?: number) {
  const mock = twoDeploymentMock();
  const client = createClient({
    fetch: mock.fetch,
    retry: { maxAttempts: 1 },
    cache: { store: 'off' },
    routes: twoDeploymentRoutes(mock, { firstChunkTimeoutMs }),
  });
  const fallbacks: FallbackEvent['reason'][] = [];
  client.on('fallback', ({ reason }) => fallbacks.push(reason));
  return { mock, client, fallbacks };
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

const text = (chunks: readonly ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

describe('stream fallback', () => {
  it('falls over when the stream fails before any content: the caller gets one answer, whole', async () => {
    const { mock, client, fallbacks } = setup();
    // A role chunk, then a malformed frame: nothing of the answer yet.
    mock.deployment('primary').onChat().malformed();
    mock.deployment('secondary').onChat().stream('from the secondary');
    let info: CallInfo | undefined;
    const stream = await client.chat.completions.create(hello, {
      onCallInfo: (reported) => (info = reported),
    });
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(text(chunks)).toBe('from the secondary');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant')).toHaveLength(1);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(fallbacks).toEqual(['server_error']);
    expect(info?.deployment).toBe('secondary');
    await client.close();
  });

  it('never falls over once content reached the caller: the stream ends with the error', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('primary').onChat().truncate({ afterChunks: 3 });
    const stream = await client.chat.completions.create(hello);
    const { chunks, error } = await collect(stream);
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    expect(text(chunks)).not.toBe('');
    expect(callsTo(mock, 'secondary')).toBe(0);
    expect(fallbacks).toEqual([]);
    await client.close();
  });

  it('falls over when the first content takes longer than firstChunkTimeoutMs', async () => {
    const { mock, client, fallbacks } = setup(50);
    mock
      .deployment('primary')
      .onChat()
      .stream(
        [
          chatChunk({ choices: [{ delta: { role: 'assistant', content: '' } }] }),
          chatChunk({ choices: [{ delta: { content: 'late' }, finish_reason: 'stop' }] }),
        ],
        { delayMs: 1_000 },
      );
    mock.deployment('secondary').onChat().stream('on time');
    vi.useFakeTimers();
    try {
      const opening = client.chat.completions.create(hello);
      await vi.advanceTimersByTimeAsync(60);
      const { chunks, error } = await collect(await opening);
      expect(error).toBeUndefined();
      expect(text(chunks)).toBe('on time');
      expect(fallbacks).toEqual(['first_chunk_timeout']);
    } finally {
      vi.useRealTimers();
    }
    await client.close();
  });

  it('answers an exhausted chain of streams with the last deployment’s error, before any chunk', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('primary').onChat().fail(500);
    mock.deployment('secondary').onChat().fail(503);
    const error = await client.chat.completions.create(hello).catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503 });
    expect(fallbacks).toEqual(['server_error']);
    await client.close();
  });
});
