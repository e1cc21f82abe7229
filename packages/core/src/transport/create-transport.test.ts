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
import { createTransport } from './create-transport.js';

const KEY = 'sk-proj.transport0123456789abcdefghijklmn';
const request = { model: 'gpt-4', messages: [{ role: 'user' as const, content: 'hi' }] };

function setup(timeoutMs = 60_000) {
  const mock = createMockOpenAI();
  const transport = createTransport({
    apiKey: KEY,
    baseURL: 'https://api.openai.com/v1',
    organization: 'org-42',
    project: 'proj-7',
    timeoutMs,
    fetch: mock.fetch,
  });
  return { mock, transport };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

const signal = new AbortController().signal;

describe('createTransport', () => {
  it('leaves no listener on a long-lived signal once completions settle', async () => {
    const { mock, transport } = setup();
    const caller = new AbortController();
    mock.onChat().failOnce(500).failOnce(429);
    for (let index = 0; index < 20; index += 1) {
      await transport(request, { signal: caller.signal }).catch(() => undefined);
    }
    expect(mock.calls).toHaveLength(20);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('sends the key, organization and project, and makes exactly one attempt', async () => {
    const { mock, transport } = setup();
    mock.onChat().failOnce(500);
    await failure(transport(request, { signal }));
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]?.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'openai-organization': 'org-42',
      'openai-project': 'proj-7',
    });
  });

  it('returns the completion with the upstream request id', async () => {
    const { mock, transport } = setup();
    mock.onChat().replyOnce('Hello!');
    const result = await transport(request, { signal });
    expect(result.kind).toBe('completion');
    expect(result.requestId).toMatch(/^req_/);
    if (result.kind === 'completion')
      expect(result.completion.choices[0]?.message.content).toBe('Hello!');
  });

  it.each([
    [400, 'invalid_value', BadRequestError, 'invalid_value', false],
    [400, 'context_length_exceeded', ContextLengthExceededError, 'context_length_exceeded', false],
    [401, 'invalid_api_key', AuthenticationError, 'invalid_api_key', false],
    [
      403,
      'unsupported_country_region_territory',
      PermissionDeniedError,
      'unsupported_country_region_territory',
      false,
    ],
    [404, 'model_not_found', BadRequestError, 'model_not_found', false],
    [408, null, TimeoutError, 'timeout', true],
    [409, null, BadRequestError, 'invalid_request', false],
    [422, null, BadRequestError, 'invalid_request', false],
    [429, 'rate_limit_exceeded', RateLimitError, 'rate_limit_exceeded', true],
    [429, 'insufficient_quota', QuotaExceededError, 'insufficient_quota', false],
    [429, 'billing_hard_limit_reached', QuotaExceededError, 'insufficient_quota', false],
    [429, 'billing_not_active', QuotaExceededError, 'insufficient_quota', false],
    [500, null, ServerError, 'server_error', true],
    [502, null, ServerError, 'server_error', true],
    [503, null, ServerError, 'server_error', true],
    [504, null, ServerError, 'server_error', true],
  ] as const)(
    'maps an upstream %i %s to %o',
    async (status, code, errorClass, expectedCode, retryable) => {
      const { mock, transport } = setup();
      mock.onChat().failOnce(status, { code, retryAfterMs: 1234 });
      const error = await failure(transport(request, { signal }));
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ status, code: expectedCode, retryable, retryAfterMs: 1234 });
      expect(error['requestId']).toMatch(/^req_/);
    },
  );

  it('reads retry-after in seconds and honours x-should-retry: false', async () => {
    const { mock, transport } = setup();
    mock.onChat().failOnce(503, { retryAfter: 2, shouldRetry: false });
    const error = await failure(transport(request, { signal }));
    expect(error).toMatchObject({ retryAfterMs: 2000, retryable: false });
  });

  it('maps a connection reset to ConnectionError', async () => {
    const { mock, transport } = setup();
    mock.onChat().reset({ times: 1 });
    const error = await failure(transport(request, { signal }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'connection_error', retryable: true });
  });

  it('maps a malformed body to ServerError', async () => {
    const { mock, transport } = setup();
    mock.onChat().malformed({ times: 1 });
    expect(await failure(transport(request, { signal }))).toBeInstanceOf(ServerError);
  });

  it('maps an abort to AbortError and a timeout to TimeoutError', async () => {
    const { mock, transport } = setup(5);
    mock.onChat().hang();
    const controller = new AbortController();
    const aborted = transport(request, { signal: controller.signal });
    controller.abort();
    expect(await failure(aborted)).toBeInstanceOf(AbortError);
    vi.useFakeTimers();
    try {
      const timedOut = failure(transport(request, { signal }));
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
      await failure(transport(request, { signal })),
      await failure(transport(request, { signal })),
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
