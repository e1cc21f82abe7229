import { inspect } from 'node:util';
import { createMockOpenAI, toolCall } from '@bulwark/testing-mocks';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConfigError,
  HookError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';
import { redactPersonalData } from '../hooks/redact-personal-data.js';
import { Secret } from '../security/secret.js';
import { createClient } from './create-client.js';

const KEY = 'sk-proj.client0123456789abcdefghijklmnopq';
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };

function setup(options: Parameters<typeof createClient>[0] = {}) {
  const mock = createMockOpenAI();
  const client = createClient({ apiKey: KEY, fetch: mock.fetch, ...options });
  return { mock, client };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

describe('createClient options', () => {
  it('refuses to start without a key or a fetch, naming the option', () => {
    expect(() => createClient({})).toThrow(ConfigError);
    expect(() => createClient({})).toThrow(/apiKey: an API key is required/);
  });

  it('refuses a plain-http base URL on a non-loopback host, accepts loopback', () => {
    expect(() => createClient({ apiKey: KEY, baseURL: 'http://api.example.com/v1' })).toThrow(
      /baseURL: must use https: unless the host is loopback/,
    );
    expect(() => createClient({ apiKey: KEY, baseURL: 'http://127.0.0.1:8787/v1' })).not.toThrow();
    expect(() => createClient({ apiKey: KEY, baseURL: 'http://[::1]:8787/v1' })).not.toThrow();
  });

  it('runs with only a mock fetch, sending no real key', async () => {
    const mock = createMockOpenAI();
    const client = createClient({ fetch: mock.fetch });
    await client.chat.completions.create(hello);
    // No key, no `authorization` header at all: nothing to leak, nothing to mistake for a key.
    expect(mock.calls[0]?.headers['authorization']).toBeUndefined();
  });

  it('sends the real key of a Secret, the organization and the project', async () => {
    const { mock, client } = setup({
      apiKey: new Secret(KEY),
      organization: 'org-1',
      project: 'proj-1',
    });
    await client.chat.completions.create(hello);
    expect(mock.calls[0]?.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'openai-organization': 'org-1',
      'openai-project': 'proj-1',
    });
  });
});

describe('client.chat.completions.create', () => {
  it('returns the SDK ChatCompletion and uses gpt-4-1106-preview by default', async () => {
    const { mock, client } = setup();
    mock.onChat().replyOnce('General Kenobi');
    const completion = await client.chat.completions.create(hello);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('General Kenobi');
    expect(mock.calls[0]?.body.model).toBe('gpt-4-1106-preview');
  });

  it('puts the upstream x-request-id on the result as the SDK does: a hidden _request_id', async () => {
    const { mock, client } = setup();
    mock.onChat().replyOnce('Hello');
    const completion = await client.chat.completions.create(hello);
    const requestId = (completion as { _request_id?: unknown })._request_id;
    expect(requestId).toMatch(/^req_/);
    expect(Object.keys(completion)).not.toContain('_request_id');
    expect(JSON.stringify(completion)).not.toContain('_request_id');
  });

  it('uses the model option, and the request’s model over it', async () => {
    const { mock, client } = setup({ model: 'gpt-4o' });
    await client.chat.completions.create(hello);
    await client.chat.completions.create({ ...hello, model: 'gpt-4' });
    expect(mock.calls.map((call) => call.body.model)).toEqual(['gpt-4o', 'gpt-4']);
  });

  it('returns tool calls', async () => {
    const { mock, client } = setup();
    const call = toolCall({ name: 'get_weather', arguments: { city: 'Paris' } });
    mock.onChat().replyOnce({ toolCalls: [call] });
    const completion = await client.chat.completions.create({
      ...hello,
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } },
      ],
    });
    expect(completion.choices[0]?.message.tool_calls).toEqual([call]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('validates before any I/O', async () => {
    const { mock, client } = setup();
    const error = await failure(
      client.chat.completions.create({
        messages: [{ role: 'user', content: 'x' }],
        temperature: 3,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as unknown as ValidationError).issues[0]?.path).toBe('temperature');
    expect(mock.calls).toHaveLength(0);
  });

  it('sends text content with non-whitespace control characters stripped', async () => {
    const { mock, client } = setup();
    await client.chat.completions.create({
      messages: [{ role: 'user', content: 'a\u0000b\u001b[2Jc\n' }],
    });
    expect(mock.calls[0]?.body.messages[0]?.content).toBe('ab[2Jc\n');
  });

  it('fails at once when the signal is already aborted, sending nothing', async () => {
    const { mock, client } = setup();
    const error = await failure(
      client.chat.completions.create(hello, { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(mock.calls).toHaveLength(0);
  });

  it('cancels a call in flight through its signal', async () => {
    const { mock, client } = setup();
    mock.onChat().hang();
    const controller = new AbortController();
    const call = client.chat.completions.create(hello, { signal: controller.signal });
    await vi.waitFor(() => expect(mock.calls).toHaveLength(1));
    controller.abort();
    expect(await failure(call)).toBeInstanceOf(AbortError);
    expect(client.health().inFlight).toBe(0);
  });
});

describe('timeouts', () => {
  it('fails an attempt past timeoutMs with TimeoutError', async () => {
    const { mock, client } = setup({ timeoutMs: 1000, retry: { maxAttempts: 1 } });
    mock.onChat().hang();
    vi.useFakeTimers();
    try {
      const perCall = failure(client.chat.completions.create(hello, { timeoutMs: 50 }));
      await vi.advanceTimersByTimeAsync(50);
      expect(await perCall).toBeInstanceOf(TimeoutError);
      const perClient = failure(client.chat.completions.create(hello));
      await vi.advanceTimersByTimeAsync(999);
      expect(mock.calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(await perClient).toMatchObject({ code: 'timeout', retryable: true });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('hooks', () => {
  it('runs before hooks in order, may rewrite the request, and re-validates it', async () => {
    const order: string[] = [];
    const { mock, client } = setup({
      hooks: {
        beforeRequest: [
          (request) => {
            order.push('first');
            return {
              ...request,
              messages: [...request.messages, { role: 'user', content: 'mail me at a@b.io' }],
            };
          },
          async (request) => {
            order.push('second');
            return redactPersonalData(request, { callId: 'x', signal: undefined });
          },
        ],
      },
    });
    await client.chat.completions.create(hello);
    expect(order).toEqual(['first', 'second']);
    expect(mock.calls[0]?.body.messages.at(-1)?.content).toBe('mail me at [email]');
  });

  it('fails with HookError (cause: the hook’s error) and sends nothing when a before hook throws', async () => {
    const cause = new Error('policy says no');
    const { mock, client } = setup({ hooks: { beforeRequest: [() => Promise.reject(cause)] } });
    const error = await failure(client.chat.completions.create(hello));
    expect(error).toBeInstanceOf(HookError);
    expect(error.cause).toBe(cause);
    expect(mock.calls).toHaveLength(0);
  });

  it('refuses a request that a hook made invalid', async () => {
    const { mock, client } = setup({
      hooks: { beforeRequest: [(request) => ({ ...request, top_p: 7 })] },
    });
    expect(await failure(client.chat.completions.create(hello))).toBeInstanceOf(ValidationError);
    expect(mock.calls).toHaveLength(0);
  });

  it('runs after hooks on completions, which may rewrite them or fail the call', async () => {
    const { mock, client } = setup({
      hooks: {
        afterResponse: [
          (completion) => ({ ...completion, id: `${completion.id}-seen` }),
          (completion) => {
            if (completion.choices[0]?.message.content === 'boom') throw new Error('bad answer');
          },
        ],
      },
    });
    mock.onChat().replyOnce('fine').replyOnce('boom');
    expect((await client.chat.completions.create(hello)).id).toMatch(/-seen$/);
    const error = await failure(client.chat.completions.create(hello));
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ hook: 'afterResponse', index: 1 });
  });
});

describe('events and accounting', () => {
  it('emits request and response with usage and cost, and totals them in health()', async () => {
    const { client } = setup({ model: 'gpt-4' });
    const requests = vi.fn();
    const responses = vi.fn();
    client.on('request', requests);
    client.on('response', responses);
    const completion = await client.chat.completions.create(hello);
    const usage = completion.usage;
    expect(requests).toHaveBeenCalledWith(
      expect.objectContaining({ model: 'gpt-4', stream: false, promptTokens: expect.any(Number) }),
    );
    const event = responses.mock.calls[0]?.[0];
    expect(event).toMatchObject({
      model: 'gpt-4',
      requestId: expect.stringMatching(/^req_/),
      callId: requests.mock.calls[0]?.[0].callId,
      usage: {
        promptTokens: usage?.prompt_tokens,
        completionTokens: usage?.completion_tokens,
        source: 'upstream',
      },
    });
    const expectedCost =
      ((usage?.prompt_tokens ?? 0) * 0.03 + (usage?.completion_tokens ?? 0) * 0.06) / 1000;
    expect(event.usage.costUsd).toBeCloseTo(expectedCost, 12);
    expect(client.health()).toEqual({
      circuit: 'closed',
      inFlight: 0,
      queued: 0,
      usage: {
        requests: 1,
        errors: 0,
        promptTokens: usage?.prompt_tokens,
        completionTokens: usage?.completion_tokens,
        cachedTokens: 0,
        costUsd: event.usage.costUsd,
      },
      // The request samples (no temperature 0, no seed): the cache leaves it alone.
      cache: { entries: 0, bytes: 0, hits: 0, coalesced: 0, misses: 0, hitRatio: 0 },
    });
  });

  it('tells onUsage the call’s usage once, as the response event has it; a throwing listener changes nothing', async () => {
    const { client } = setup({ model: 'gpt-4' });
    const responses = vi.fn();
    client.on('response', responses);
    const told = vi.fn();
    const completion = await client.chat.completions.create(hello, { onUsage: told });
    expect(told).toHaveBeenCalledTimes(1);
    expect(told.mock.calls[0]?.[0]).toEqual(responses.mock.calls[0]?.[0].usage);
    expect(told.mock.calls[0]?.[0]).toMatchObject({
      promptTokens: completion.usage?.prompt_tokens,
      source: 'upstream',
    });
    expect(responses.mock.calls[0]?.[0].timeToFirstChunkMs).toBeUndefined();
    const again = await client.chat.completions.create(hello, {
      onUsage: () => {
        throw new Error('listener bug');
      },
    });
    expect(again.object).toBe('chat.completion');
  });

  it('emits error with the typed error, and on() returns an unsubscribe function', async () => {
    const { mock, client } = setup({ retry: { maxAttempts: 1 } });
    mock.onChat().fail(503);
    const errors = vi.fn();
    const unsubscribe = client.on('error', errors);
    await failure(client.chat.completions.create(hello));
    unsubscribe();
    await failure(client.chat.completions.create(hello));
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]?.[0].error).toBeInstanceOf(ServerError);
    expect(client.health().usage.errors).toBe(2);
  });

  it('keeps serving when a listener throws', async () => {
    const { client } = setup();
    client.on('response', () => {
      throw new Error('listener bug');
    });
    await expect(client.chat.completions.create(hello)).resolves.toBeDefined();
  });
});

describe('secrets', () => {
  it('never exposes the key in errors, events or logs', async () => {
    const lines: unknown[] = [];
    const record = (fields: unknown, message: string) => lines.push([fields, message]);
    const logger = { debug: record, info: record, warn: record, error: record };
    const { mock, client } = setup({ logger, retry: { maxAttempts: 1 } });
    const events: unknown[] = [];
    client.on('error', (event) => events.push(event));
    mock
      .onChat()
      .failOnce(401, { code: 'invalid_api_key', message: `Incorrect API key provided: ${KEY}` });
    mock.onChat().reset({ times: 1 });
    const errors = [
      await failure(client.chat.completions.create(hello)),
      await failure(client.chat.completions.create(hello)),
    ];
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    const views = [
      ...errors.flatMap((error) => [
        error.message,
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
      ]),
      inspect(events, { depth: 10 }),
      inspect(lines, { depth: 10 }),
      JSON.stringify(lines),
      inspect(client, { depth: 10 }),
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const view of views) expect(view).not.toContain(KEY);
  });
});

describe('close', () => {
  it('waits for calls in flight, then refuses new calls', async () => {
    const { mock, client } = setup();
    mock.onChat().hang({ times: 1 });
    const controller = new AbortController();
    const inFlight = client.chat.completions.create(hello, { signal: controller.signal });
    let closed = false;
    const closing = client.close().then(() => {
      closed = true;
    });
    await vi.waitFor(() => expect(mock.calls).toHaveLength(1));
    expect(closed).toBe(false);
    controller.abort();
    await failure(inFlight);
    await closing;
    expect(closed).toBe(true);
    const error = await failure(client.chat.completions.create(hello));
    expect(error).toBeInstanceOf(AbortError);
    expect(mock.calls).toHaveLength(1);
  });
});
