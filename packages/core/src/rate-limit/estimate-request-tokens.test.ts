import { describe, expect, it } from 'vitest';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import { DEFAULT_COMPLETION_TOKENS, estimateRequestTokens } from './estimate-request-tokens.js';

const messages = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'Name three primes.' },
];

describe('estimateRequestTokens', () => {
  it('counts the prompt with the real tokenizer and adds max_tokens per choice', async () => {
    const prompt = countPromptTokens({ messages }, await loadTokenCounter('cl100k_base'));
    expect(prompt).toBeGreaterThan(10);
    await expect(
      estimateRequestTokens({ request: { messages, max_tokens: 50, n: 3 } }),
    ).resolves.toBe(prompt + 150);
  });

  it('prefers max_completion_tokens, then max_tokens, then the default reserve', async () => {
    const base = { messages, max_tokens: 50, max_completion_tokens: 20 };
    await expect(estimateRequestTokens({ request: base, promptTokens: 7 })).resolves.toBe(27);
    await expect(
      estimateRequestTokens({ request: { messages, max_tokens: 50 }, promptTokens: 7 }),
    ).resolves.toBe(57);
    await expect(estimateRequestTokens({ request: { messages }, promptTokens: 7 })).resolves.toBe(
      7 + DEFAULT_COMPLETION_TOKENS,
    );
    await expect(
      estimateRequestTokens({
        request: { messages, n: 2 },
        promptTokens: 7,
        defaultCompletionTokens: 100,
      }),
    ).resolves.toBe(207);
  });
});
