import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, toolCall, type MockServer } from '../src/index.js';

const messages = [{ role: 'user' as const, content: 'Hello over HTTP' }];

describe('startMockServer', () => {
  let server: MockServer;
  let openai: OpenAI;

  beforeEach(async () => {
    server = await startMockServer();
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 with a /v1 base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers the SDK with the echo reply and a request id', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'gpt-4', messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello over HTTP');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('streams over HTTP, scripted through server.mock', async () => {
    server.mock.onChat({ content: 'Hello' }).streamOnce('Streamed over the wire', { chunkSize: 3 });
    const stream = await openai.chat.completions.create({ model: 'gpt-4', messages, stream: true });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      chunks += 1;
    }
    expect(text).toBe('Streamed over the wire');
    expect(chunks).toBeGreaterThan(5);
    server.mock.assertAllConsumed();
  });

  it('streams tool calls over HTTP', async () => {
    server.mock.onChat().replyOnce({
      toolCalls: [toolCall({ id: 'call_1', name: 'lookup', arguments: { query: 'bulwark' } })],
    });
    const stream = await openai.chat.completions.create({ model: 'gpt-4', messages, stream: true });
    let name = '';
    const argumentPieces: string[] = [];
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      for (const delta of choice?.delta.tool_calls ?? []) {
        expect(delta.index).toBe(0);
        name += delta.function?.name ?? '';
        if (delta.function?.arguments) argumentPieces.push(delta.function.arguments);
      }
      finishReason = choice?.finish_reason ?? finishReason;
    }
    expect(name).toBe('lookup');
    expect(argumentPieces.length).toBeGreaterThan(1);
    expect(JSON.parse(argumentPieces.join(''))).toEqual({ query: 'bulwark' });
    expect(finishReason).toBe('tool_calls');
  });

  it('answers a rate-limit failure the SDK raises as RateLimitError', async () => {
    server.mock.onChat().failOnce(429, { code: 'rate_limit_exceeded', retryAfterMs: 250 });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4', messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('rate_limit_exceeded');
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after-ms')).toBe(
      '250',
    );
  });

  it('answers a 500 the SDK raises as InternalServerError', async () => {
    server.mock.onChat().failOnce(500);
    await expect(
      openai.chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it('destroys the socket on reset(), which the SDK raises as APIConnectionError', async () => {
    server.mock.onChat().reset({ times: 1 });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('keeps a hung request open until the client aborts it', async () => {
    server.mock.onChat().hang({ times: 1 });
    const controller = new AbortController();
    const pending = openai.chat.completions.create(
      { model: 'gpt-4', messages },
      {
        signal: controller.signal,
      },
    );
    // The request is in flight once the mock has recorded it.
    await expect.poll(() => server.mock.calls.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('closes even while a request hangs', async () => {
    server.mock.onChat().hang();
    const pending = openai.chat.completions
      .create({ model: 'gpt-4', messages })
      .catch((caught: unknown) => caught);
    await expect.poll(() => server.mock.calls.length).toBe(1);
    await server.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
    server = await startMockServer();
  });

  it('stops a slow stream when the client aborts, and keeps serving', async () => {
    server.mock.onChat().streamOnce('a slow stream of many chunks', { chunkSize: 1, delayMs: 50 });
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4', messages, stream: true },
      { signal: controller.signal },
    );
    const consume = async (): Promise<number> => {
      let received = 0;
      for await (const _chunk of stream) {
        received += 1;
        if (received === 2) controller.abort();
      }
      return received;
    };
    // The SDK ends the iteration quietly when its caller aborts.
    expect(await consume()).toBe(2);
    expect(server.mock.calls).toHaveLength(1);
    const next = await openai.chat.completions.create({ model: 'gpt-4', messages });
    expect(next.choices[0]?.message.content).toBe('Hello over HTTP');
  });

  it('answers an unknown route with an OpenAI-shaped 404', async () => {
    const response = await fetch(`${server.url}/nope`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: 'Invalid URL (POST /v1/nope)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it('answers a body that is not JSON with an OpenAI-shaped 400, not a hang', async () => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "gpt-4", messages: oops',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/could not parse the JSON body/);
  });

  it('lists models in OpenAI list shape', async () => {
    const models = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4-1106-preview');
  });

  it('answers embeddings over HTTP: the SDK decodes its default base64 to the model’s dimension', async () => {
    const { data, response } = await openai.embeddings
      .create({ model: 'text-embedding-3-large', input: ['one', 'two'] })
      .withResponse();
    expect(data.data.map((item) => item.embedding.length)).toEqual([3072, 3072]);
    expect(data.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(server.mock.embeddingCalls[0]?.body.encoding_format).toBe('base64');
  });
});
