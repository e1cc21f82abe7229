import OpenAI, { NotFoundError } from 'openai';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../test/support/openai-schema-validator.js';
import { createMockOpenAI } from './create-mock-openai.js';

const BASE = 'https://api.openai.com/v1';

/** What the tests read of an answer: an embeddings response or an error (base64 embeddings are strings). */
interface AnswerBody {
  model: string;
  data: { index: number; embedding: number[] }[];
  usage: { prompt_tokens: number; total_tokens: number };
  error: { code: string | null; param: string | null };
}

async function embed(mock: ReturnType<typeof createMockOpenAI>, body: object) {
  const response = await mock.fetch(`${BASE}/embeddings`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as AnswerBody,
  };
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

function decode(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

describe('the default embeddings reply', () => {
  it.each([
    ['text-embedding-3-small', 1536],
    ['text-embedding-3-large', 3072],
    ['text-embedding-ada-002', 1536],
  ])(
    'gives %s unit vectors of %i dimensions, valid against the official schema',
    async (model, size) => {
      const { status, body } = await embed(createMockOpenAI(), {
        model,
        input: ['first text', 'second text'],
        encoding_format: 'float',
      });
      expect(status).toBe(200);
      expect(schemaErrors('CreateEmbeddingResponse', body)).toEqual([]);
      expect(body.model).toBe(model);
      expect(body.data.map((item: { index: number }) => item.index)).toEqual([0, 1]);
      for (const { embedding } of body.data) {
        expect(embedding).toHaveLength(size);
        expect(norm(embedding)).toBeCloseTo(1, 5);
      }
      expect(body.data[0]?.embedding).not.toEqual(body.data[1]?.embedding);
    },
  );

  it('is deterministic per model and input, across mocks', async () => {
    const request = { model: 'text-embedding-3-small', input: 'same text' };
    const first = await embed(createMockOpenAI(), request);
    const second = await embed(createMockOpenAI(), request);
    const other = await embed(createMockOpenAI(), { ...request, model: 'text-embedding-ada-002' });
    expect(second.body.data[0]?.embedding).toEqual(first.body.data[0]?.embedding);
    expect(other.body.data[0]?.embedding).not.toEqual(first.body.data[0]?.embedding);
  });

  it('sends base64 as little-endian float32, the same values as float', async () => {
    const mock = createMockOpenAI();
    const request = { model: 'text-embedding-3-small', input: [[9906, 1917], [15339]] };
    const floats = await embed(mock, { ...request, encoding_format: 'float' });
    const base64 = await embed(mock, { ...request, encoding_format: 'base64' });
    expect(typeof base64.body.data[0]?.embedding).toBe('string');
    expect(base64.body.data.map((item) => decode(item.embedding as unknown as string))).toEqual(
      floats.body.data.map((item) => item.embedding),
    );
  });

  it('honours dimensions for text-embedding-3 models, keeping unit length', async () => {
    const mock = createMockOpenAI();
    const full = await embed(mock, { model: 'text-embedding-3-large', input: 'x' });
    const short = await embed(mock, {
      model: 'text-embedding-3-large',
      input: 'x',
      dimensions: 256,
    });
    const vector: number[] = short.body.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(256);
    expect(norm(vector)).toBeCloseTo(1, 5);
    // OpenAI's shortening: the first values of the full vector, normalised again.
    const head: number[] = (full.body.data[0]?.embedding ?? []).slice(0, 256);
    const scale = norm(head);
    vector.forEach((value, index) => expect(value).toBeCloseTo((head[index] ?? 0) / scale, 5));
  });

  it('refuses dimensions for ada-002 and above the model’s own', async () => {
    const mock = createMockOpenAI();
    const ada = await embed(mock, { model: 'text-embedding-ada-002', input: 'x', dimensions: 256 });
    const large = await embed(mock, {
      model: 'text-embedding-3-small',
      input: 'x',
      dimensions: 2000,
    });
    for (const answer of [ada, large]) {
      expect(answer.status).toBe(400);
      expect(schemaErrors('ErrorResponse', answer.body)).toEqual([]);
      expect(answer.body.error.param).toBe('dimensions');
    }
  });

  it('counts usage with the tokenizer: texts by their tokens, token arrays by their length', async () => {
    const { body } = await embed(createMockOpenAI(), {
      model: 'text-embedding-3-small',
      input: ['hello world', 'hello world'],
    });
    expect(body.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    const tokens = await embed(createMockOpenAI(), {
      model: 'text-embedding-3-small',
      input: [1, 2, 3],
    });
    expect(tokens.body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('refuses an input above 8191 tokens with context_length_exceeded', async () => {
    const { status, body } = await embed(createMockOpenAI(), {
      model: 'text-embedding-3-small',
      input: [Array.from({ length: 8192 }, () => 1)],
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('context_length_exceeded');
  });

  it('answers 404 model_not_found for a model it does not serve, as for chat', async () => {
    const { status, body } = await embed(createMockOpenAI(), { model: 'nope', input: 'x' });
    expect(status).toBe(404);
    expect(schemaErrors('ErrorResponse', body)).toEqual([]);
    expect(body.error.code).toBe('model_not_found');
  });

  it.each([
    {},
    { input: '' },
    { input: [] },
    { input: ['ok', 3] },
    { input: 'x', encoding_format: 'hex' },
  ])('answers a bad body %j with an OpenAI-shaped 400', async (fields) => {
    const { status, body } = await embed(createMockOpenAI(), {
      model: 'text-embedding-3-small',
      ...fields,
    });
    expect(status).toBe(400);
    expect(schemaErrors('ErrorResponse', body)).toEqual([]);
  });

  it('serves the official SDK, whose default base64 it decodes to the model’s dimension', async () => {
    const mock = createMockOpenAI();
    const openai = new OpenAI({ apiKey: 'sk-test.mock', fetch: mock.fetch, maxRetries: 0 });
    const response = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
    });
    expect(mock.embeddingCalls[0]?.body.encoding_format).toBe('base64');
    expect(response.data[0]?.embedding).toHaveLength(1536);
    const floats = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(response.data[0]?.embedding).toEqual(floats.data[0]?.embedding);
    await expect(
      openai.embeddings.create({ model: 'gpt-nope', input: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('mock.onEmbeddings', () => {
  it('replies with scripted vectors once, then the default reply', async () => {
    const mock = createMockOpenAI();
    mock.onEmbeddings({ model: 'text-embedding-3-small' }).replyOnce([
      [1, 0],
      [0, 1],
    ]);
    const scripted = await embed(mock, { model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(scripted.body.data.map((item: { embedding: number[] }) => item.embedding)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(scripted.body.usage.prompt_tokens).toBe(2);
    const fallback = await embed(mock, { model: 'text-embedding-3-small', input: ['a'] });
    expect(fallback.body.data[0]?.embedding).toHaveLength(1536);
    mock.assertAllConsumed();
  });

  it('fails matching requests with retry headers, by input', async () => {
    const mock = createMockOpenAI();
    mock.onEmbeddings({ input: /secret/ }).failOnce(429, { retryAfterMs: 250 });
    const ok = await embed(mock, { model: 'text-embedding-3-small', input: 'public' });
    const failed = await embed(mock, { model: 'text-embedding-3-small', input: ['x', 'a secret'] });
    expect(ok.status).toBe(200);
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after-ms')).toBe('250');
    expect(failed.body.error.code).toBe('rate_limit_exceeded');
  });

  it('names unused steps and, in strict mode, unmatched requests', async () => {
    const mock = createMockOpenAI({ strict: true });
    mock.onEmbeddings({ model: 'text-embedding-3-large' }).replyOnce([[1]]);
    const unmatched = await embed(mock, { model: 'text-embedding-3-small', input: 'x' });
    expect(unmatched.status).toBe(500);
    expect(() => mock.assertAllConsumed()).toThrow(
      /never used: onEmbeddings\(\{ model: text-embedding-3-large \}\)\.replyOnce\(1 vectors\)[\s\S]*unmatched request: model text-embedding-3-small/,
    );
    mock.reset();
    expect(mock.embeddingCalls).toEqual([]);
    expect(() => mock.assertAllConsumed()).not.toThrow();
  });
});
