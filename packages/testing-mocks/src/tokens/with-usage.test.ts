import OpenAI from 'openai';
import type { CompletionUsage } from 'openai/resources/completions';
import { describe, expect, it } from 'vitest';
import { createMockOpenAI } from '../engine/create-mock-openai.js';

const messages = [{ role: 'user' as const, content: 'Summarise the long document' }];

/** A reply that read half of a long prompt from OpenAI's prompt cache. */
const CACHED_USAGE: CompletionUsage = {
  prompt_tokens: 2048,
  completion_tokens: 100,
  total_tokens: 2148,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

function clientFor(mock: ReturnType<typeof createMockOpenAI>): OpenAI {
  return new OpenAI({ apiKey: 'sk-test.usage', fetch: mock.fetch, maxRetries: 0 });
}

describe('usage of a reply', () => {
  it('reports no cached prompt tokens when counted', async () => {
    const mock = createMockOpenAI();
    const completion = await clientFor(mock).chat.completions.create({ model: 'gpt-4o', messages });
    expect(completion.usage?.prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0 });
  });

  it('keeps the usage a script gives, e.g. cached prompt tokens, in a completion', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply({ content: 'Short summary', usage: CACHED_USAGE });
    const completion = await clientFor(mock).chat.completions.create({ model: 'gpt-4o', messages });
    expect(completion.usage).toEqual(CACHED_USAGE);
  });

  it("keeps it in a stream's usage chunk too", async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply({ content: 'Short summary', usage: CACHED_USAGE });
    const stream = await clientFor(mock).chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const usages: unknown[] = [];
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usages.push(chunk.usage);
    }
    expect(text).toBe('Short summary');
    expect(usages).toEqual([CACHED_USAGE]);
  });
});
