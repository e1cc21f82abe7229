import { createMockOpenAI } from '@bulwark/testing-mocks';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ContextLengthExceededError,
  HookError,
  ValidationError,
} from '../errors/errors.js';
import type { CallUsage } from '../events/client-events.js';
import { createClient } from './create-client.js';
import type { ClientOptions } from './client-options.js';

const MODEL = 'text-embedding-3-small';

function setup(options: ClientOptions = {}) {
  const mock = createMockOpenAI();
  const client = createClient({ fetch: mock.fetch, retry: { maxAttempts: 1 }, ...options });
  return { mock, client };
}

function decode(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

describe('client.embeddings.create', () => {
  it('returns the SDK’s CreateEmbeddingResponse, with _request_id as the SDK sets it', async () => {
    const { client, mock } = setup();
    const response = await client.embeddings.create({ model: MODEL, input: ['a', 'b'] });
    expect(response.object).toBe('list');
    expect(response.model).toBe(MODEL);
    expect(response.data.map((item) => [item.index, item.embedding.length])).toEqual([
      [0, 1536],
      [1, 1536],
    ]);
    expect((response as { _request_id?: unknown })._request_id).toMatch(/^req_/);
    expect(Object.keys(response)).not.toContain('_request_id');
    expect(new URL(mock.embeddingCalls[0]?.url ?? '').pathname).toBe('/v1/embeddings');
  });

  it('passes base64 through untouched: little-endian float32 of the float answer', async () => {
    const { client } = setup({ cache: { store: 'off' } });
    const asked = { model: MODEL, input: 'hello' };
    const base64 = await client.embeddings.create({ ...asked, encoding_format: 'base64' });
    const floats = await client.embeddings.create({ ...asked, encoding_format: 'float' });
    const text = base64.data[0]?.embedding as unknown as string;
    expect(typeof text).toBe('string');
    expect(decode(text)).toEqual(floats.data[0]?.embedding);
  });

  it('counts the input tokens and prices them at the model’s input price', async () => {
    const { client } = setup();
    const usages: CallUsage[] = [];
    await client.embeddings.create(
      { model: 'text-embedding-3-large', input: ['hello world', 'hello world'] },
      { onUsage: (usage) => usages.push(usage) },
    );
    expect(usages).toEqual([
      {
        promptTokens: 4,
        completionTokens: 0,
        cachedTokens: 0,
        totalTokens: 4,
        costUsd: expect.closeTo((4 * 0.13) / 1_000_000, 15),
        source: 'upstream',
      },
    ]);
    expect(client.health().usage).toMatchObject({
      requests: 1,
      promptTokens: 4,
      completionTokens: 0,
    });
  });

  it('refuses bad input before any I/O, and passes unknown fields through', async () => {
    const { client, mock } = setup();
    for (const input of ['', [], ['ok', 3], [[]]]) {
      await expect(
        client.embeddings.create({ model: MODEL, input: input as string }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      client.embeddings.create({ model: MODEL, input: 'x', encoding_format: 'hex' as 'float' }),
    ).rejects.toMatchObject({ code: 'invalid_request', param: 'encoding_format' });
    expect(mock.embeddingCalls).toHaveLength(0);
    await client.embeddings.create({ model: MODEL, input: 'x', future_field: 1 } as never);
    expect(mock.embeddingCalls[0]?.body).toMatchObject({ future_field: 1 });
  });

  it('refuses an input above the model’s 8191 tokens, and dimensions above its own, before any I/O', async () => {
    const { client, mock } = setup();
    const long = Array.from({ length: 8192 }, () => 1);
    await expect(client.embeddings.create({ model: MODEL, input: [long] })).rejects.toBeInstanceOf(
      ContextLengthExceededError,
    );
    await expect(
      client.embeddings.create({ model: MODEL, input: 'x', dimensions: 1537 }),
    ).rejects.toMatchObject({ code: 'invalid_request', param: 'dimensions' });
    expect(mock.embeddingCalls).toHaveLength(0);
    // A text whose bytes exceed the limit but whose tokens do not is sent.
    await client.embeddings.create({ model: MODEL, input: 'abcd'.repeat(4000) });
    expect(mock.embeddingCalls).toHaveLength(1);
  });

  it('runs the embeddings hooks, not the chat ones', async () => {
    const chatHook = () => {
      throw new Error('chat hook');
    };
    const seen: CreateEmbeddingResponse[] = [];
    const { client, mock } = setup({
      hooks: {
        beforeRequest: [chatHook],
        afterResponse: [chatHook],
        beforeEmbeddings: [(request) => ({ ...request, input: 'redacted' })],
        afterEmbeddings: [(response) => void seen.push(response)],
      },
    });
    const response = await client.embeddings.create({ model: MODEL, input: 'secret' });
    expect(mock.embeddingCalls[0]?.body.input).toBe('redacted');
    expect(seen).toEqual([response]);
    const failing = createClient({
      fetch: mock.fetch,
      hooks: { beforeEmbeddings: [chatHook] },
    });
    await expect(failing.embeddings.create({ model: MODEL, input: 'x' })).rejects.toMatchObject({
      hook: 'beforeEmbeddings',
    });
    await expect(failing.embeddings.create({ model: MODEL, input: 'x' })).rejects.toBeInstanceOf(
      HookError,
    );
  });

  it('fails with the upstream’s 404 for a model it does not serve', async () => {
    const { client } = setup();
    const error: unknown = await client.embeddings
      .create({ model: 'nope', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'model_not_found', status: 404 });
  });
});
