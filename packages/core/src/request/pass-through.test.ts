// What the caller sends reaches the upstream intact: the newer fields, an
// invented one, nested values; only the o-series rename of `max_tokens` and
// a stream's usage request are Bulwark's.
import { createMockOpenAI } from '@bulwark/testing-mocks';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';

const KEY = 'sk-test.pass-through-0123456789';
const messages = [{ role: 'user' as const, content: 'What is the answer?' }];
const NEWER_FIELDS = {
  max_completion_tokens: 256,
  reasoning_effort: 'high',
  parallel_tool_calls: false,
  store: true,
  metadata: { team: 'search', ticket: 'T-42' },
  service_tier: 'flex',
  prediction: { type: 'content', content: 'The answer is 42.' },
  modalities: ['text'],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'answer',
      strict: true,
      schema: {
        type: 'object',
        properties: { value: { type: 'number' } },
        required: ['value'],
        additionalProperties: false,
      },
    },
  },
  future_field: { nested: [1, 'two', null], flag: true },
};

function setup() {
  const mock = createMockOpenAI();
  const client = createClient({ apiKey: KEY, fetch: mock.fetch, retry: { maxAttempts: 1 } });
  return { mock, client };
}

describe('the body sent upstream', () => {
  it('carries every newer and unknown field of a completion intact', async () => {
    const { mock, client } = setup();
    const request = { model: 'gpt-4o', messages, ...NEWER_FIELDS };
    await client.chat.completions.create(
      request as ChatCompletionCreateParams & { stream?: false },
    );
    expect(mock.calls[0]?.body).toEqual(request);
  });

  it('carries them in a stream, with the caller’s stream_options and usage asked for', async () => {
    const { mock, client } = setup();
    const request = {
      model: 'gpt-4o',
      messages,
      ...NEWER_FIELDS,
      stream: true as const,
      stream_options: { include_obfuscation: false },
    };
    const stream = await client.chat.completions.create(
      request as ChatCompletionCreateParams & { stream: true },
    );
    for await (const _chunk of stream);
    expect(mock.calls[0]?.body).toEqual({
      ...request,
      stream_options: { include_obfuscation: false, include_usage: true },
    });
  });

  it.each(['o1', 'o3', 'o3-mini-2025-01-31', 'o4-mini'])(
    'sends max_tokens as max_completion_tokens to %s, the rest untouched',
    async (model) => {
      const { mock, client } = setup();
      await client.chat.completions.create({
        model,
        messages,
        max_tokens: 300,
        reasoning_effort: 'low',
        future_field: 7,
      } as ChatCompletionCreateParams & { stream?: false });
      expect(mock.calls[0]?.body).toEqual({
        model,
        messages,
        max_completion_tokens: 300,
        reasoning_effort: 'low',
        future_field: 7,
      });
    },
  );

  it('leaves max_tokens alone for other models', async () => {
    const { mock, client } = setup();
    await client.chat.completions.create({ model: 'gpt-4o', messages, max_tokens: 300 });
    expect(mock.calls[0]?.body).toEqual({ model: 'gpt-4o', messages, max_tokens: 300 });
  });
});
