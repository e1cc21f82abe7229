import OpenAI from 'openai';
import { toolCall } from '@bulwark/testing-mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway;
let openai: OpenAI;

beforeEach(async () => {
  gateway = await startTestGateway();
  openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'caller-key', maxRetries: 0 });
});
afterEach(() => gateway.server.close());

const messages = [{ role: 'user' as const, content: 'Hello gateway' }];

describe('the gateway, called with the official openai SDK', () => {
  it('answers a completion with the SDK shape and Bulwark headers', async () => {
    gateway.mock.onChat().replyOnce('Hi there');
    const { data, response } = await openai.chat.completions
      .create({ model: 'gpt-4-1106-preview', messages })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toBe('Hi there');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-bulwark-cache')).toBe('bypass');
    expect(response.headers.get('x-bulwark-attempts')).toBe('1');
    expect(response.headers.get('x-bulwark-upstream-request-id')).toMatch(/.+/);
  });

  it('reports cache misses and hits of deterministic requests in the headers', async () => {
    const ask = () =>
      openai.chat.completions.create({ model: 'gpt-4', messages, temperature: 0 }).withResponse();
    const first = await ask();
    const second = await ask();
    expect(first.response.headers.get('x-bulwark-cache')).toBe('miss');
    expect(first.response.headers.get('x-bulwark-attempts')).toBe('1');
    expect(second.response.headers.get('x-bulwark-cache')).toBe('hit');
    expect(second.response.headers.get('x-bulwark-attempts')).toBe('0');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(gateway.mock.calls).toHaveLength(1);
  });

  it('streams chunks and ends cleanly', async () => {
    gateway.mock.onChat().streamOnce('Streaming works fine', { chunkSize: 3 });
    const stream = await openai.chat.completions.create({ model: 'gpt-4', messages, stream: true });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('Streaming works fine');
    expect(finish).toBe('stop');
  });

  it('passes tool calls through, in full and streamed', async () => {
    const call = toolCall({ name: 'get_weather', arguments: { city: 'Paris' } });
    gateway.mock.onChat().reply({ toolCalls: [call] });
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const completion = await openai.chat.completions.create({ model: 'gpt-4', messages, tools });
    const first = completion.choices[0];
    expect(first?.finish_reason).toBe('tool_calls');
    expect(first?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4',
      messages,
      tools,
      stream: true,
    });
    let argumentsText = '';
    for await (const chunk of stream) {
      argumentsText += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    }
    expect(JSON.parse(argumentsText)).toEqual({ city: 'Paris' });
  });

  it('forwards JSON mode to the upstream and returns its JSON', async () => {
    gateway.mock.onChat().replyOnce('{"name":"Paris"}');
    const completion = await openai.chat.completions.create({
      model: 'gpt-4-1106-preview',
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ name: 'Paris' });
    expect(gateway.mock.calls[0]?.body.response_format).toEqual({ type: 'json_object' });
  });

  it('sends the caller request id upstream and echoes it', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'gpt-4', messages }, { headers: { 'x-request-id': 'caller-id-42' } })
      .withResponse();
    expect(response.headers.get('x-request-id')).toBe('caller-id-42');
    expect(gateway.mock.calls[0]?.headers['x-client-request-id']).toBe('caller-id-42');
    expect(gateway.mock.calls[0]?.headers['x-request-id']).toBe('caller-id-42');
  });

  it.each([
    [400, 'invalid_request_error', OpenAI.BadRequestError, 400],
    [401, 'invalid_api_key', OpenAI.InternalServerError, 502],
    [403, 'unsupported_country_region_territory', OpenAI.InternalServerError, 502],
    [404, 'model_not_found', OpenAI.NotFoundError, 404],
    [409, 'conflict', OpenAI.ConflictError, 409],
    [422, 'unprocessable', OpenAI.UnprocessableEntityError, 422],
    [429, 'insufficient_quota', OpenAI.RateLimitError, 429],
    [429, 'rate_limit_exceeded', OpenAI.RateLimitError, 429],
    [500, 'server_error', OpenAI.InternalServerError, 502],
    [503, 'overloaded', OpenAI.InternalServerError, 502],
    [408, 'timeout', OpenAI.InternalServerError, 504],
  ])(
    'maps an upstream %i (%s) to the SDK error the table implies',
    async (upstreamStatus, code, ErrorClass, gatewayStatus) => {
      gateway.mock.onChat().failOnce(upstreamStatus, { code, retryAfterMs: 2000 });
      const failure = await openai.chat.completions.create({ model: 'gpt-4', messages }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ErrorClass);
      const error = failure as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(gatewayStatus);
      if (upstreamStatus < 500 && upstreamStatus !== 401 && upstreamStatus !== 403) {
        expect(error.code).toBe(upstreamStatus === 408 ? 'timeout' : code);
      }
      if (gatewayStatus === 429) expect(error.headers?.get('retry-after')).toMatch(/^\d+$/);
      if (code === 'insufficient_quota') expect(error.headers?.get('x-should-retry')).toBe('false');
    },
  );

  it('maps an upstream connection reset to a 502', async () => {
    gateway.mock.onChat().reset({ times: 1 });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toMatchObject({
      status: 502,
      code: 'connection_error',
    });
  });

  it('maps a prompt over the context window to a 400 before anything is sent', async () => {
    const huge = 'word '.repeat(10_000);
    await expect(
      openai.chat.completions.create({
        model: 'gpt-4',
        messages: [{ role: 'user', content: huge }],
      }),
    ).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded' });
    expect(gateway.mock.calls).toHaveLength(0);
  });
});
