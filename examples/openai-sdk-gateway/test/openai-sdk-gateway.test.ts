import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../src/ask.js';
import { startGateway, type RunningGateway } from '../src/start-gateway.js';

let gateway: RunningGateway;

beforeAll(async () => {
  gateway = await startGateway({ BULWARK_API_KEYS: 'caller-key' });
}, 20_000);

afterAll(async () => {
  await gateway.stop();
});

describe('the official openai SDK against `bulwark serve --mock`', () => {
  it('gets a completion and a stream with the same text (the mock echoes the prompt)', async () => {
    const result = await ask({
      baseURL: gateway.baseURL,
      apiKey: 'caller-key',
      question: 'Hello through the gateway',
    });

    expect(result.answer).toBe('Hello through the gateway');
    expect(result.streamed).toBe('Hello through the gateway');
    expect(result.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('lists the gateway’s models', async () => {
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'caller-key' });
    const ids = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4-1106-preview');
  });

  it('embeds with the SDK’s default base64 encoding, and with floats, at the model’s dimension', async () => {
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'caller-key', maxRetries: 0 });
    const input = ['Hello through the gateway'];
    const decoded = await openai.embeddings.create({ model: 'text-embedding-3-small', input });
    const floats = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input,
      encoding_format: 'float',
    });
    expect(decoded.data[0]?.embedding).toHaveLength(1536);
    expect(decoded.data).toEqual(floats.data);
    await expect(
      openai.embeddings.create({ model: 'no-such-embedder', input }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('raises the SDK’s AuthenticationError for a wrong caller key', async () => {
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'not-a-key', maxRetries: 0 });
    await expect(
      openai.chat.completions.create({
        model: 'gpt-4-1106-preview',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
