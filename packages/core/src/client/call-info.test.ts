import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it, vi } from 'vitest';
import type { CallInfo } from './call-info.js';
import { createClient } from './create-client.js';

const KEY = 'sk-proj.callinfo0123456789abcdefghijklmn';
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };

function setup(mock = createMockOpenAI(), maxAttempts = 1) {
  const warn = vi.fn();
  const logger = { debug() {}, info() {}, warn, error() {} };
  const client = createClient({
    apiKey: KEY,
    fetch: mock.fetch,
    logger,
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return { client, mock, warn };
}

describe('per-call facts (onCallInfo) and the caller request id', () => {
  it('reports attempts, cache outcome, upstream request id and rate-limit headers of a completion', async () => {
    const { client } = setup(createMockOpenAI({ rateLimit: { rpm: 600, tpm: 100_000 } }));
    const reports: CallInfo[] = [];
    const completion = await client.chat.completions.create(hello, {
      onCallInfo: (info) => reports.push(info),
    });
    expect(completion.object).toBe('chat.completion');
    expect(reports).toHaveLength(1);
    const [info] = reports;
    expect(info?.attempts).toBe(1);
    expect(info?.cache).toBe('bypass');
    expect(info?.upstreamRequestId).toMatch(/.+/);
    expect(info?.rateLimitHeaders).toMatchObject({
      'x-ratelimit-limit-requests': '600',
      'x-ratelimit-limit-tokens': '100000',
    });
    expect(
      Object.keys(info?.rateLimitHeaders ?? {}).every((name) => name.startsWith('x-ratelimit-')),
    ).toBe(true);
  });

  it('counts the attempts a retried call took', async () => {
    const { client, mock } = setup(createMockOpenAI(), 3);
    mock.onChat().failOnce(500, { retryAfterMs: 1 });
    mock.onChat().failOnce(503, { retryAfterMs: 1 });
    let info: CallInfo | undefined;
    await client.chat.completions.create(hello, { onCallInfo: (reported) => (info = reported) });
    expect(info?.attempts).toBe(3);
  });

  it('reports a stream’s facts before the stream is returned', async () => {
    const { client, mock } = setup();
    mock.onChat().streamOnce('streamed text', { chunkSize: 4 });
    let info: CallInfo | undefined;
    const stream = await client.chat.completions.create(
      { ...hello, stream: true },
      { onCallInfo: (reported) => (info = reported) },
    );
    expect(info).toMatchObject({ attempts: 1, cache: 'bypass' });
    expect(info?.upstreamRequestId).toMatch(/.+/);
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed text');
  });

  it('reports a failed call once, before the error is thrown, with the attempts it made', async () => {
    const { client, mock } = setup(createMockOpenAI(), 3);
    for (let attempt = 0; attempt < 3; attempt += 1)
      mock.onChat().failOnce(502, { retryAfterMs: 1 });
    const reports: CallInfo[] = [];
    const error: { status?: number; requestId?: string } = await client.chat.completions
      .create(hello, { onCallInfo: (info) => reports.push(info) })
      .then(
        () => ({}),
        (caught: unknown) => caught as { status?: number; requestId?: string },
      );
    expect(error.status).toBe(502);
    expect(reports).toEqual([
      {
        attempts: 3,
        cache: 'bypass',
        upstreamRequestId: error.requestId,
        rateLimitHeaders: {},
        deployment: undefined,
      },
    ]);
  });

  it('reports 0 attempts for a call refused before anything was sent', async () => {
    const { client, mock } = setup();
    const onCallInfo = vi.fn();
    await expect(
      client.chat.completions.create({ ...hello, temperature: 7 }, { onCallInfo }),
    ).rejects.toThrow();
    expect(onCallInfo).toHaveBeenCalledTimes(1);
    expect(onCallInfo).toHaveBeenCalledWith(
      expect.objectContaining({ attempts: 0, cache: 'bypass' }),
    );
    expect(mock.calls).toHaveLength(0);
  });

  it('reports a stream that fails after its first chunk only once', async () => {
    const { client, mock } = setup();
    mock.onChat().truncate({ afterChunks: 2, times: 1 });
    const onCallInfo = vi.fn();
    const stream = await client.chat.completions.create({ ...hello, stream: true }, { onCallInfo });
    await expect(
      (async () => {
        for await (const _chunk of stream);
      })(),
    ).rejects.toThrow();
    expect(onCallInfo).toHaveBeenCalledTimes(1);
    expect(onCallInfo).toHaveBeenCalledWith(expect.objectContaining({ attempts: 1 }));
  });

  it('ignores and logs a listener that throws', async () => {
    const { client, warn } = setup();
    const completion = await client.chat.completions.create(hello, {
      onCallInfo: () => {
        throw new Error('listener bug');
      },
    });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(warn).toHaveBeenCalledWith({ error: 'Error' }, 'An onCallInfo listener threw');
  });

  it('sends the caller request id upstream, for completions and streams', async () => {
    const { client, mock } = setup();
    await client.chat.completions.create(hello, { requestId: 'gateway-req-1' });
    const stream = await client.chat.completions.create(
      { ...hello, stream: true },
      { requestId: 'gateway-req-2' },
    );
    for await (const _chunk of stream) {
      // drain
    }
    await client.chat.completions.create(hello);
    expect(mock.calls.map((call) => call.headers['x-client-request-id'])).toEqual([
      'gateway-req-1',
      'gateway-req-2',
      undefined,
    ]);
    expect(mock.calls[0]?.headers['x-request-id']).toBe('gateway-req-1');
  });
});
