import { describe, expect, it, vi } from 'vitest';
import { AbortError, RateLimitError, ServerError, StreamTruncatedError } from '../errors/errors.js';
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

function sse(frames: string[], tail = ''): Response {
  return new Response(frames.map((frame) => `data: ${frame}\n\n`).join('') + tail, {
    headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream' },
  });
}

const options = {
  requestId: 'req_stream',
  mapReadError: () => new AbortError({ message: 'aborted' }),
};

async function drain(response: Response) {
  const chunks: unknown[] = [];
  const generator = readChatStream(response, options);
  for (;;) {
    const next = await generator.next();
    if (next.done) return { chunks, summary: next.value };
    chunks.push(next.value);
  }
}

async function failure(response: Response): Promise<unknown> {
  return drain(response).then(
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

  it('maps a failure to read the body with mapReadError', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`data: ${chunk({ content: 'a' })}\n\n`));
        controller.error(new DOMException('aborted', 'AbortError'));
      },
    });
    expect(await failure(new Response(body))).toBeInstanceOf(AbortError);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(`data: ${chunk({ content: 'a' })}\n\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const generator = readChatStream(new Response(body), options);
    await generator.next();
    await generator.return(undefined as never);
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });
});
