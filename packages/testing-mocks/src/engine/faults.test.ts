import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockOpenAI, type MockOpenAI } from './create-mock-openai.js';

const messages = [{ role: 'user' as const, content: 'Tell me something long enough' }];
const URL_CHAT = 'https://api.openai.com/v1/chat/completions';

function clientFor(mock: MockOpenAI): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
}

function post(mock: MockOpenAI, body: object, signal?: AbortSignal): Promise<Response> {
  return mock.fetch(URL_CHAT, {
    method: 'POST',
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fail()', () => {
  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [422, OpenAI.UnprocessableEntityError],
    [500, OpenAI.InternalServerError],
    [502, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ])('answers %i, which the SDK raises as the matching class', async (status, errorClass) => {
    const mock = createMockOpenAI();
    mock.onChat().failOnce(status);
    await expect(
      clientFor(mock).chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(errorClass);
  });

  it('sends the given body fields and headers', async () => {
    const mock = createMockOpenAI();
    mock.onChat().failOnce(429, {
      code: 'insufficient_quota',
      type: 'insufficient_quota',
      message: 'You exceeded your current quota.',
      param: null,
      retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
      shouldRetry: false,
      headers: { 'x-custom': 'yes' },
    });
    const response = await post(mock, { model: 'gpt-4', messages });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('retry-after-ms')).toBeNull();
    expect(await response.json()).toEqual({
      error: {
        message: 'You exceeded your current quota.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    });
  });

  it('is persistent by default and limited with times', async () => {
    const mock = createMockOpenAI();
    mock.onChat().fail(503, { times: 2 });
    const statuses = [];
    for (let round = 0; round < 3; round += 1) {
      statuses.push((await post(mock, { model: 'gpt-4', messages })).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
  });
});

describe('hang()', () => {
  it('never answers, holds no timer, and rejects with an AbortError when aborted', async () => {
    vi.useFakeTimers();
    const mock = createMockOpenAI();
    mock.onChat().hang();
    const controller = new AbortController();
    const pending = post(mock, { model: 'gpt-4', messages }, controller.signal);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await vi.advanceTimersByTimeAsync(600_000);
    expect(settled).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('surfaces as APIUserAbortError when the SDK caller aborts', async () => {
    const mock = createMockOpenAI();
    mock.onChat().hang();
    const controller = new AbortController();
    const pending = clientFor(mock).chat.completions.create(
      { model: 'gpt-4', messages },
      { signal: controller.signal },
    );
    await vi.waitFor(() => expect(mock.calls).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('surfaces as APIConnectionTimeoutError when the SDK times out', async () => {
    const mock = createMockOpenAI();
    mock.onChat().hang();
    const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0, timeout: 20 });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });
});

describe('reset()', () => {
  it('rejects fetch like undici: TypeError fetch failed, cause ECONNRESET', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reset();
    const error = await post(mock, { model: 'gpt-4', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code: string }).code).toBe('ECONNRESET');
  });

  it('surfaces as APIConnectionError in the SDK', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reset();
    await expect(
      clientFor(mock).chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('truncate()', () => {
  it('ends the stream cleanly after N chunks, with no finish_reason and no [DONE]', async () => {
    const mock = createMockOpenAI();
    mock.onChat().truncate({ afterChunks: 3 });
    const response = await post(mock, { model: 'gpt-4', messages, stream: true });
    const text = await response.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
    for (const frame of frames) {
      const chunk = JSON.parse(frame.slice('data: '.length)) as {
        choices: { finish_reason: string | null }[];
      };
      expect(chunk.choices[0]?.finish_reason).toBeNull();
    }
  });

  it('lets the SDK stream end quietly, which is what a consumer must detect', async () => {
    const mock = createMockOpenAI();
    mock.onChat().truncate({ afterChunks: 2, reply: 'A reply that will be cut short' });
    const stream = await clientFor(mock).chat.completions.create({
      model: 'gpt-4',
      messages,
      stream: true,
    });
    const reasons = [];
    for await (const chunk of stream) reasons.push(chunk.choices[0]?.finish_reason);
    expect(reasons).toEqual([null, null]);
  });

  it('cuts a non-stream JSON body in the middle', async () => {
    const mock = createMockOpenAI();
    mock.onChat().truncate();
    const response = await post(mock, { model: 'gpt-4', messages });
    const text = await response.text();
    expect(text.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });
});

describe('malformed()', () => {
  it('sends an invalid JSON frame after a valid first chunk', async () => {
    const mock = createMockOpenAI();
    mock.onChat().malformed();
    const openai = new OpenAI({
      apiKey: 'sk-test',
      fetch: mock.fetch,
      maxRetries: 0,
      logLevel: 'off',
    });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4',
      messages,
      stream: true,
    });
    const received: unknown[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) received.push(chunk);
    };
    await expect(consume()).rejects.toBeInstanceOf(SyntaxError);
    expect(received).toHaveLength(1);
  });

  it('answers a non-stream request with a 200 whose body is not JSON', async () => {
    const mock = createMockOpenAI();
    mock.onChat().malformed();
    const response = await post(mock, { model: 'gpt-4', messages });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe('stream pacing and aborts', () => {
  it('waits delayMs between chunks (fake timers) and clears its timer when aborted', async () => {
    vi.useFakeTimers();
    const mock = createMockOpenAI();
    mock.onChat().stream('abcdefgh', { chunkSize: 2, delayMs: 1000 });
    const controller = new AbortController();
    const response = await post(
      mock,
      { model: 'gpt-4', messages, stream: true },
      controller.signal,
    );
    if (!response.body) throw new Error('expected a body');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toContain('"role":"assistant"');
    const second = reader.read();
    let secondArrived = false;
    void second.then(() => (secondArrived = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(secondArrived).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(decoder.decode((await second).value)).toContain('"content":"ab"');
    const third = reader.read();
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(third).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops producing when the consumer cancels the body', async () => {
    vi.useFakeTimers();
    const mock = createMockOpenAI();
    mock.onChat().stream('abcdefgh', { chunkSize: 1, delayMs: 50 });
    const response = await post(mock, { model: 'gpt-4', messages, stream: true });
    if (!response.body) throw new Error('expected a body');
    const reader = response.body.getReader();
    await reader.read();
    void reader.read();
    await reader.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });
});
