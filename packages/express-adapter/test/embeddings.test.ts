// POST /v1/embeddings through the gateway, called with the official openai SDK (which asks
// for base64 unless told otherwise), in front of the mock's deterministic embeddings.
import OpenAI, { NotFoundError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaErrors } from './openai-schemas.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway;
let openai: OpenAI;

beforeEach(async () => {
  gateway = await startTestGateway();
  openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'caller-key', maxRetries: 0 });
});
afterEach(() => gateway.server.close());

const MODEL = 'text-embedding-3-small';

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('POST /v1/embeddings, called with the official openai SDK', () => {
  it('answers the SDK’s default base64, which it decodes to the model’s dimension', async () => {
    const { data, response } = await openai.embeddings
      .create({ model: MODEL, input: ['first', 'second'] })
      .withResponse();
    expect(gateway.mock.embeddingCalls[0]?.body.encoding_format).toBe('base64');
    expect(data.data.map((item) => item.embedding.length)).toEqual([1536, 1536]);
    expect(norm(data.data[0]?.embedding ?? [])).toBeCloseTo(1, 5);
    expect(data.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-bulwark-cache')).toBe('miss');
    expect(response.headers.get('x-bulwark-attempts')).toBe('1');
  });

  it('answers float arrays valid against the official schema, equal to the decoded base64', async () => {
    const input = 'the same text';
    const base64 = await openai.embeddings.create({ model: 'text-embedding-3-large', input });
    const response = await fetch(`${gateway.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-large', input, encoding_format: 'float' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { embedding: number[] }[] };
    expect(schemaErrors('CreateEmbeddingResponse', body)).toEqual([]);
    expect(body.data[0]?.embedding).toHaveLength(3072);
    expect(body.data[0]?.embedding).toEqual(base64.data[0]?.embedding);
  });

  it('answers a repeat from the cache: embeddings are deterministic', async () => {
    const ask = () => openai.embeddings.create({ model: MODEL, input: 'cache me' }).withResponse();
    const first = await ask();
    const second = await ask();
    expect(second.response.headers.get('x-bulwark-cache')).toBe('hit');
    expect(second.response.headers.get('x-bulwark-attempts')).toBe('0');
    expect(second.data.data).toEqual(first.data.data);
    expect(gateway.mock.embeddingCalls).toHaveLength(1);
  });

  it('answers 404 model_not_found for a model the upstream does not serve', async () => {
    const error: unknown = await openai.embeddings
      .create({ model: 'no-such-embedder', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
    const raw = await fetch(`${gateway.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'no-such-embedder', input: 'x' }),
    });
    expect(raw.status).toBe(404);
    expect(schemaErrors('ErrorResponse', await raw.json())).toEqual([]);
  });

  it('answers a bad request with a 400 before the upstream is called', async () => {
    const raw = await fetch(`${gateway.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input: '' }),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { code: string; param: string } };
    expect(schemaErrors('ErrorResponse', body)).toEqual([]);
    expect(body.error).toMatchObject({ code: 'invalid_request', param: 'input' });
    expect(gateway.mock.embeddingCalls).toHaveLength(0);
  });

  it('logs and counts the request under the route /v1/embeddings, with its tokens and cost', async () => {
    await openai.embeddings.create({ model: MODEL, input: 'hello world' });
    const lines = () => gateway.logs.filter((line) => line['msg'] === 'request');
    await expect.poll(() => lines().length).toBe(1);
    expect(lines()[0]).toMatchObject({
      route: '/v1/embeddings',
      status: 200,
      promptTokens: 2,
      completionTokens: 0,
    });
    expect(lines()[0]?.['costUsd']).toBeCloseTo((2 * 0.02) / 1_000_000, 15);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain(
      'bulwark_http_requests_total{route="/v1/embeddings",method="POST",status="200"} 1\n',
    );
  });
});
