import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, RateLimitError } from '../errors/errors.js';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import { readChatStream } from '../streaming/read-chat-stream.js';
import { createTransport } from './create-transport.js';
import type { UpstreamRequest } from './transport.js';

const KEY = 'sk-test.mockagent0123456789abcdefghijklm';
const ORIGIN = 'https://api.openai.com';
const PARAMS = { model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] };
const COMPLETION = { id: 'chatcmpl-1', object: 'chat.completion', choices: [] };

function request(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    path: '/chat/completions',
    body: PARAMS,
    stream: false,
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    ...overrides,
  };
}

describe('createTransport with an undici dispatcher (MockAgent)', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });

  const open = (fetcher?: typeof fetch) =>
    createTransport({
      apiKey: KEY,
      baseURL: `${ORIGIN}/v1`,
      project: 'proj-1',
      connections: 32,
      dispatcher: agent,
      fetch: fetcher,
    });

  it('sends through the dispatcher, before an injected fetch, and parses the answer', async () => {
    agent
      .get(ORIGIN)
      .intercept({
        path: '/v1/chat/completions',
        method: 'POST',
        body: JSON.stringify(PARAMS),
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'openai-project': 'proj-1',
        },
      })
      .reply(200, COMPLETION, { headers: { 'x-request-id': 'req_mock' } });
    const unused = vi.fn<typeof fetch>();
    const result = await open(unused).send(request());
    expect(result).toMatchObject({ kind: 'json', body: COMPLETION, requestId: 'req_mock' });
    expect(unused).not.toHaveBeenCalled();
    agent.assertNoPendingInterceptors();
  });

  it('hands an event stream over', async () => {
    const frames = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] })}`,
      'data: [DONE]',
      '',
    ].join('\n\n');
    agent
      .get(ORIGIN)
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply(200, frames, { headers: { 'content-type': 'text/event-stream' } });
    const result = await open().send(request({ stream: true }));
    if (result.kind !== 'stream') throw new Error('expected a stream');
    const chunks = readChatStream(result.body, {
      requestId: result.requestId,
      mapReadError: (error) => mapUpstreamError(error),
    });
    const texts: (string | null | undefined)[] = [];
    for await (const chunk of chunks) texts.push(chunk.choices[0]?.delta.content);
    expect(texts).toEqual(['Hi']);
  });

  it('maps an error status with retry-after-ms, and a dispatch failure without the key', async () => {
    const pool = agent.get(ORIGIN);
    pool
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply(
        429,
        { error: { message: 'Slow down', type: 'requests', code: 'rate_limit_exceeded' } },
        { headers: { 'retry-after-ms': '250' } },
      );
    pool
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .replyWithError(new Error(`socket hang up for Bearer ${KEY}`));
    const transport = open();
    const limited = await transport.send(request()).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ retryAfterMs: 250, message: 'Slow down' });
    const failed = await transport.send(request()).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConnectionError);
    expect(inspect(failed, { depth: 10 })).not.toContain(KEY);
  });

  it('leaves an injected dispatcher open when it closes', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/v1/chat/completions', method: 'POST' })
      .reply(200, COMPLETION)
      .times(2);
    const transport = open();
    await transport.send(request());
    await transport.close();
    const again = await open().send(request());
    expect(again.kind).toBe('json');
  });
});
