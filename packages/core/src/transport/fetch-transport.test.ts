import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ContextLengthExceededError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors/errors.js';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import { readChatStream } from '../streaming/read-chat-stream.js';
import { createTransport } from './create-transport.js';
import type { UpstreamRequest } from './transport.js';

const KEY = 'sk-proj.transport0123456789abcdefghijklmn';
const body = { model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] };

function setup() {
  const mock = createMockOpenAI();
  const transport = createTransport({
    apiKey: KEY,
    baseURL: 'https://api.openai.com/v1/',
    organization: 'org-42',
    project: 'proj-7',
    connections: 4,
    fetch: mock.fetch,
  });
  return { mock, transport };
}

function request(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    path: '/chat/completions',
    body,
    stream: false,
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

describe('the transport over an injected fetch', () => {
  it('sends the key, organization, project and request id, once, to the base URL', async () => {
    const { mock, transport } = setup();
    mock.onChat().failOnce(500);
    await failure(transport.send(request({ requestId: 'call-1' })));
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]?.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'openai-organization': 'org-42',
      'openai-project': 'proj-7',
      'x-client-request-id': 'call-1',
      'x-request-id': 'call-1',
    });
  });

  it('returns a JSON answer parsed once, with the upstream request id', async () => {
    const { mock, transport } = setup();
    mock.onChat().replyOnce('Hello!');
    const result = await transport.send(request());
    expect(result.kind).toBe('json');
    expect(result.requestId).toMatch(/^req_/);
    expect(result.headers.get('x-request-id')).toBe(result.requestId);
    expect(result.body).toMatchObject({ choices: [{ message: { content: 'Hello!' } }] });
  });

  it('hands a stream over as its body bytes, and unlinks the signal once it is read', async () => {
    const { mock, transport } = setup();
    mock.onChat().replyOnce('Streamed');
    const caller = new AbortController();
    const result = await transport.send(
      request({ stream: true, body: { ...body, stream: true }, signal: caller.signal }),
    );
    if (result.kind !== 'stream') throw new Error('expected a stream');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    const chunks = readChatStream(result.body, {
      requestId: result.requestId,
      headers: result.headers,
      mapReadError: (error) => mapUpstreamError(error),
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Streamed');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('cancels a stream given up unread and unlinks the signal, with a plain fake fetch', async () => {
    let cancelled = false;
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init });
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => controller.enqueue(new TextEncoder().encode(': keep-alive\n\n')),
        cancel: () => {
          cancelled = true;
        },
      });
      return Promise.resolve(
        new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } }),
      );
    };
    const transport = createTransport({
      apiKey: undefined,
      baseURL: 'http://127.0.0.1:9/v1',
      connections: 1,
      fetch: fakeFetch,
      proxy: { httpsProxy: 'http://127.0.0.1:9' },
    });
    const caller = new AbortController();
    const result = await transport.send(request({ stream: true, signal: caller.signal }));
    if (result.kind !== 'stream') throw new Error('expected a stream');
    expect(seen[0]?.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(seen[0]?.init?.headers).not.toHaveProperty('authorization');
    const iterator = result.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(cancelled).toBe(true);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on a long-lived signal once JSON answers and failures settle', async () => {
    const { mock, transport } = setup();
    const caller = new AbortController();
    mock.onChat().failOnce(500).failOnce(429);
    for (let index = 0; index < 20; index += 1) {
      await transport.send(request({ signal: caller.signal })).catch(() => undefined);
    }
    expect(mock.calls).toHaveLength(20);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it.each([
    [400, 'invalid_value', BadRequestError, 'invalid_value', false],
    [400, 'context_length_exceeded', ContextLengthExceededError, 'context_length_exceeded', false],
    [401, 'invalid_api_key', AuthenticationError, 'invalid_api_key', false],
    [403, null, PermissionDeniedError, 'permission_denied', false],
    [404, 'model_not_found', BadRequestError, 'model_not_found', false],
    [408, null, TimeoutError, 'timeout', true],
    [429, 'rate_limit_exceeded', RateLimitError, 'rate_limit_exceeded', true],
    [429, 'insufficient_quota', QuotaExceededError, 'insufficient_quota', false],
    [500, null, ServerError, 'server_error', true],
    [503, null, ServerError, 'server_error', true],
  ] as const)(
    'maps an upstream %i %s to %o',
    async (status, code, errorClass, expectedCode, retryable) => {
      const { mock, transport } = setup();
      mock.onChat().failOnce(status, { code, retryAfterMs: 1234 });
      const error = await failure(transport.send(request()));
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ status, code: expectedCode, retryable, retryAfterMs: 1234 });
      expect(error['requestId']).toMatch(/^req_/);
    },
  );

  it('reads retry-after in seconds and honours x-should-retry: false', async () => {
    const { mock, transport } = setup();
    mock.onChat().failOnce(503, { retryAfter: 2, shouldRetry: false });
    const error = await failure(transport.send(request()));
    expect(error).toMatchObject({ retryAfterMs: 2000, retryable: false });
  });

  it('maps a connection reset to ConnectionError and a malformed body to ServerError', async () => {
    const { mock, transport } = setup();
    mock.onChat().reset({ times: 1 });
    mock.onChat().malformed({ times: 1 });
    const reset = await failure(transport.send(request()));
    expect(reset).toBeInstanceOf(ConnectionError);
    expect(reset).toMatchObject({ code: 'connection_error', retryable: true });
    expect(await failure(transport.send(request()))).toBeInstanceOf(ServerError);
  });

  it('rejects a stream request answered with JSON as a non-retryable ServerError', async () => {
    const { mock, transport } = setup();
    mock.onChat().replyOnce('not streamed');
    const error = await failure(transport.send(request({ stream: true })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ retryable: false, message: 'The upstream did not stream' });
  });

  it('maps an abort to AbortError, a Bulwark abort reason to itself, and a slow answer to TimeoutError', async () => {
    const { mock, transport } = setup();
    mock.onChat().hang();
    const controller = new AbortController();
    const aborted = transport.send(request({ signal: controller.signal }));
    controller.abort();
    expect(await failure(aborted)).toBeInstanceOf(AbortError);
    const attempt = new AbortController();
    const reason = new TimeoutError({ message: 'attempt timed out' });
    const timedOutAttempt = transport.send(request({ signal: attempt.signal }));
    attempt.abort(reason);
    expect(await failure(timedOutAttempt)).toBe(reason);
    vi.useFakeTimers();
    try {
      const timedOut = failure(transport.send(request({ timeoutMs: 5 })));
      await vi.advanceTimersByTimeAsync(5);
      expect(await timedOut).toBeInstanceOf(TimeoutError);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never shows the key in an error, its message or its cause chain', async () => {
    const { mock, transport } = setup();
    mock
      .onChat()
      .failOnce(401, { code: 'invalid_api_key', message: `Incorrect API key provided: ${KEY}.` });
    mock.onChat().reset({ times: 1 });
    for (const error of [
      await failure(transport.send(request())),
      await failure(transport.send(request())),
    ]) {
      for (const view of [
        error.message,
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
        String(error.stack),
      ]) {
        expect(view).not.toContain(KEY);
      }
    }
  });
});
