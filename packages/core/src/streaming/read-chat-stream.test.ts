import { describe, expect, it } from 'vitest';
import { AbortError, RateLimitError, ServerError, StreamTruncatedError } from '../errors/errors.js';
import { fromFetchHeaders } from '../transport/upstream-headers.js';
import { readChatStream } from './read-chat-stream.js';

function chunk(
  delta: Record<string, unknown>,
  finishReason: string | null = null,
  usage?: unknown,
) {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4',
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(usage === undefined ? {} : { usage }),
  });
}

const encoder = new TextEncoder();

/** A body that hands its bytes over in pieces of `size` bytes, cutting frames and characters. */
async function* pieces(text: string, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let start = 0; start < bytes.length; start += size) {
    yield bytes.subarray(start, start + size);
  }
}

function sse(frames: string[], tail = ''): AsyncIterable<Uint8Array> {
  return pieces(frames.map((frame) => `data: ${frame}\n\n`).join('') + tail);
}

/** A body that records how it was left: read to its end, or given up. */
function tracked(chunks: Uint8Array[], endless = false) {
  const state = { ended: false, returned: false };
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      let index = 0;
      return {
        next: () => {
          const value = endless ? chunks[index % chunks.length] : chunks[index];
          index += 1;
          if (value === undefined) state.ended = true;
          return Promise.resolve(
            value === undefined ? { done: true, value: undefined } : { done: false, value },
          );
        },
        return: () => {
          state.returned = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
  return { body, state };
}

const options = {
  requestId: 'req_stream',
  headers: fromFetchHeaders(new Headers({ 'x-request-id': 'req_stream' })),
  mapReadError: () => new AbortError({ message: 'aborted' }),
};

async function drain(body: AsyncIterable<Uint8Array>) {
  const chunks: unknown[] = [];
  const generator = readChatStream(body, options);
  for (;;) {
    const next = await generator.next();
    if (next.done) return { chunks, summary: next.value };
    chunks.push(next.value);
  }
}

async function failure(body: AsyncIterable<Uint8Array>): Promise<unknown> {
  return drain(body).then(
    () => {
      throw new Error('expected the stream to fail');
    },
    (error: unknown) => error,
  );
}

describe('readChatStream', () => {
  it('yields every chunk of a complete stream and summarises its text and usage', async () => {
    const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
    const { chunks, summary } = await drain(
      sse([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hel' }),
        chunk({ content: 'lo' }, 'stop'),
        chunk({}, null, usage).replace(
          '"choices":[{"index":0,"delta":{},"finish_reason":null,"logprobs":null}]',
          '"choices":[]',
        ),
        '[DONE]',
      ]),
    );
    expect(chunks).toHaveLength(4);
    expect(summary).toEqual({ usage, generatedText: 'Hello' });
  });

  it('collects tool call names and arguments for counting', async () => {
    const call = {
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":' },
    };
    const more = { index: 0, function: { arguments: '"Paris"}' } };
    const { summary } = await drain(
      sse([chunk({ tool_calls: [call] }), chunk({ tool_calls: [more] }, 'tool_calls'), '[DONE]']),
    );
    expect(summary.generatedText).toBe('get_weather{"city":"Paris"}');
  });

  it('raises StreamTruncatedError when the body ends without [DONE], retryable only before any chunk', async () => {
    const after = await failure(sse([chunk({ content: 'Hel' })]));
    expect(after).toBeInstanceOf(StreamTruncatedError);
    expect(after).toMatchObject({
      code: 'stream_truncated',
      retryable: false,
      requestId: 'req_stream',
    });
    const before = await failure(sse([]));
    expect(before).toMatchObject({ code: 'stream_truncated', retryable: true });
  });

  it('raises StreamTruncatedError when [DONE] arrives without any finish_reason', async () => {
    const error = await failure(sse([chunk({ content: 'Hel' }), '[DONE]']));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('finish_reason');
  });

  it('ignores a final frame cut before its blank line', async () => {
    const error = await failure(sse([chunk({ content: 'Hi' }, 'stop')], 'data: [DO'));
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  it('raises a ServerError on a frame that is not JSON or not a chunk', async () => {
    expect(await failure(sse([chunk({ content: 'a' }), '{"choices": [', '[DONE]']))).toBeInstanceOf(
      ServerError,
    );
    expect(await failure(sse(['{"hello":"world"}', '[DONE]']))).toBeInstanceOf(ServerError);
  });

  it('raises the mapped error of an error frame', async () => {
    const frame = JSON.stringify({
      error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' },
    });
    const error = await failure(sse([frame]));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ requestId: 'req_stream' });
  });

  it('decodes characters cut between two pieces of the body', async () => {
    const text = 'Grüße, 世界 🌍';
    const body = pieces(`data: ${chunk({ content: text }, 'stop')}\n\ndata: [DONE]\n\n`, 1);
    const { summary } = await drain(body);
    expect(summary.generatedText).toBe(text);
  });

  it('raises a ServerError on a frame longer than 8 MiB', async () => {
    async function* endlessLine(): AsyncGenerator<Uint8Array> {
      const megabyte = encoder.encode('data: '.padEnd(1024 * 1024, 'a'));
      for (let index = 0; index < 10; index += 1) yield megabyte;
    }
    expect(await failure(endlessLine())).toBeInstanceOf(ServerError);
  });

  it('maps a failure to read the body with mapReadError', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield encoder.encode(`data: ${chunk({ content: 'a' })}\n\n`);
      throw new DOMException('aborted', 'AbortError');
    }
    expect(await failure(failing())).toBeInstanceOf(AbortError);
  });

  it('reads the body to its end after [DONE], so its connection is kept', async () => {
    const frames = `data: ${chunk({ content: 'a' }, 'stop')}\n\ndata: [DONE]\n\n`;
    const { body, state } = tracked([encoder.encode(frames), encoder.encode(': trailing\n\n')]);
    await drain(body);
    expect(state).toEqual({ ended: true, returned: false });
  });

  it('gives the body up when the consumer stops early', async () => {
    const frame = encoder.encode(`data: ${chunk({ content: 'a' })}\n\n`);
    const { body, state } = tracked([frame], true);
    const generator = readChatStream(body, options);
    await generator.next();
    await generator.return(undefined as never);
    expect(state).toEqual({ ended: false, returned: true });
  });
});
