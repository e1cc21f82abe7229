import { createMockOpenAI, DEFAULT_MODELS } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { ContextLengthExceededError, ValidationError } from '../errors/errors.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { ClientOptions } from '../client/client-options.js';
import { createClient } from '../client/create-client.js';

function setup(models?: ClientOptions['models']) {
  // The mock answers 404 for models it does not serve: serve the made-up ones too.
  const mock = createMockOpenAI({ models: [...DEFAULT_MODELS, 'my-fine-tune', 'tiny'] });
  return {
    mock,
    client: createClient({ apiKey: 'sk-test.preflight-01234', fetch: mock.fetch, models }),
  };
}

const long = 'word '.repeat(9000);

describe('preflight', () => {
  it('refuses a prompt that cannot fit the model’s context window, sending nothing', async () => {
    const { mock, client } = setup();
    const error = await client.chat.completions
      .create({ model: 'gpt-4', messages: [{ role: 'user', content: long }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContextLengthExceededError);
    expect(error).toMatchObject({ code: 'context_length_exceeded', retryable: false });
    expect(mock.calls.length).toBe(0);
  });

  it('counts the requested completion against the window', async () => {
    const { mock, client } = setup();
    const prompt = 'word '.repeat(7000);
    await expect(
      client.chat.completions.create({
        model: 'gpt-4',
        messages: [{ role: 'user', content: prompt }],
        max_tokens: 2000,
      }),
    ).rejects.toBeInstanceOf(ContextLengthExceededError);
    await client.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 100,
    });
    expect(mock.calls.length).toBe(1);
  });

  it('lets the same prompt through to a larger model, and unknown models without preflight', async () => {
    const { mock, client } = setup();
    await client.chat.completions.create({
      model: 'gpt-4-1106-preview',
      messages: [{ role: 'user', content: long }],
    });
    await client.chat.completions.create({
      model: 'my-fine-tune',
      messages: [{ role: 'user', content: long }],
    });
    expect(mock.calls.length).toBe(2);
  });

  it('refuses max_tokens above the model’s maximum output', async () => {
    const { mock, client } = setup();
    const error = await client.chat.completions
      .create({
        model: 'gpt-4-1106-preview',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 5000,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('max_tokens');
    expect(mock.calls.length).toBe(0);
  });

  it('uses model table entries given as options', async () => {
    const { mock, client } = setup({
      tiny: {
        contextWindow: 12,
        maxOutputTokens: 10,
        encoding: 'o200k_base',
        inputCostPer1K: 1,
        outputCostPer1K: 2,
      },
    });
    await expect(
      client.chat.completions.create({
        model: 'tiny',
        messages: [{ role: 'user', content: 'one two three four five six seven eight nine ten' }],
      }),
    ).rejects.toBeInstanceOf(ContextLengthExceededError);
    expect(mock.calls.length).toBe(0);
    const costs: number[] = [];
    client.on('response', (event) => costs.push(event.usage.costUsd));
    await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(costs[0]).toBeGreaterThan(0);
  });

  describe('exact count only where it matters', () => {
    // 'word ' is 5 bytes and 1 token: 1600 of them are 8000 bytes (above gpt-4's
    // 8192-token window once a completion is added) but about 1600 tokens.
    const near = 'word '.repeat(1600);
    const exact = async (content: string) =>
      countPromptTokens(
        { messages: [{ role: 'user', content }] },
        await loadTokenCounter('cl100k_base'),
      );

    it.each([
      ['a short prompt the byte bound already fits', 'Hello there'],
      ['a prompt whose byte bound does not fit but whose tokens do', near],
    ])('%s: sent, with the exact count in its events', async (_case, content) => {
      const { mock, client } = setup();
      const counts: (number | undefined)[] = [];
      client.on('request', (event) => counts.push(event.promptTokens));
      await client.chat.completions.create({
        model: 'gpt-4',
        messages: [{ role: 'user', content }],
        max_tokens: 1000,
      });
      expect(mock.calls.length).toBe(1);
      expect(counts[0]).toBe(await exact(content));
    });

    it('counts the request as the caller sent it, before a hook changes it', async () => {
      const mock = createMockOpenAI();
      const client = createClient({
        apiKey: 'sk-test.preflight-01234',
        fetch: mock.fetch,
        hooks: {
          beforeRequest: [
            (request) => {
              // A hook that rewrites in place.
              request.messages.push({ role: 'user', content: 'and a long addition '.repeat(50) });
              return request;
            },
          ],
        },
      });
      const counts: (number | undefined)[] = [];
      client.on('request', (event) => counts.push(event.promptTokens));
      await client.chat.completions.create({
        model: 'gpt-4',
        messages: [{ role: 'user', content: 'Hello there' }],
      });
      expect(counts).toEqual([await exact('Hello there')]);
    });
  });
});
