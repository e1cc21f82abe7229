import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { StreamTruncatedError } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from './request-context.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/** A response whose socket buffer is "full" after every write until `drain`. */
class SlowResponse extends EventEmitter {
  written: string[] = [];
  ended: string | undefined;
  destroyed = false;
  status: number | undefined;
  headers: Record<string, string> = {};
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
    return this;
  }
  flushHeaders() {}
  write(text: string) {
    this.written.push(text);
    return false;
  }
  end(text: string) {
    this.ended = text;
  }
}

function context(): RequestContext {
  return {
    requestId: 'r',
    startedAt: 0,
    route: '/v1/chat/completions',
    caller: undefined,
    prompt: undefined,
    errorCode: undefined,
    abort: undefined,
  };
}

async function* chunks(pulled: number[], count: number, failure?: Error) {
  for (let index = 0; index < count; index += 1) {
    pulled.push(index);
    yield { index };
  }
  if (failure !== undefined) throw failure;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('streamChatCompletion', () => {
  it('pulls the next chunk only once the response has drained', async () => {
    const response = new SlowResponse();
    const pulled: number[] = [];
    const done = streamChatCompletion({
      response: response as unknown as ServerResponse,
      stream: chunks(pulled, 3),
      headers: { 'x-bulwark-attempts': '1' },
      context: context(),
    });
    await flush();
    expect(pulled).toEqual([0]);
    expect(response.written).toEqual(['data: {"index":0}\n\n']);
    response.emit('drain');
    await flush();
    expect(pulled).toEqual([0, 1]);
    response.emit('drain');
    await flush();
    response.emit('drain');
    await done;
    expect(response.ended).toBe('data: [DONE]\n\n');
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-bulwark-attempts': '1',
      'x-request-id': 'r',
    });
  });

  it('stops pulling when the client goes away while the buffer is full', async () => {
    const response = new SlowResponse();
    const pulled: number[] = [];
    const done = streamChatCompletion({
      response: response as unknown as ServerResponse,
      stream: chunks(pulled, 100),
      headers: {},
      context: context(),
    });
    await flush();
    response.destroyed = true;
    response.emit('close');
    await done;
    expect(pulled).toEqual([0]);
    expect(response.ended).toBeUndefined();
  });

  it('ends a failed stream with an error frame and no [DONE]', async () => {
    const response = new SlowResponse();
    response.write = (text: string) => {
      response.written.push(text);
      return true;
    };
    const requestContext = context();
    await streamChatCompletion({
      response: response as unknown as ServerResponse,
      stream: chunks([], 2, new StreamTruncatedError({ message: 'cut after 2 chunks' })),
      headers: {},
      context: requestContext,
    });
    expect(response.written).toHaveLength(2);
    expect(JSON.parse(response.ended?.replace(/^data: /, '') ?? '')).toEqual({
      error: {
        message: 'cut after 2 chunks',
        type: 'server_error',
        param: null,
        code: 'stream_truncated',
      },
    });
    expect(requestContext.errorCode).toBe('stream_truncated');
  });

  it('sends no details of an unexpected failure', async () => {
    const response = new SlowResponse();
    await streamChatCompletion({
      response: response as unknown as ServerResponse,
      stream: chunks([], 0, new Error('secret internals')),
      headers: {},
      context: context(),
    });
    expect(response.ended).not.toContain('secret internals');
    expect(response.ended).toContain('internal_error');
  });
});
