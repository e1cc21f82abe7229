import fc from 'fast-check';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { countPromptTokens } from './count-prompt-tokens.js';
import { loadTokenCounter } from './load-token-counter.js';
import { promptTokenBound } from './prompt-token-bound.js';

const message = fc.oneof(
  fc.record({
    role: fc.constantFrom('user' as const, 'system' as const),
    content: fc.string({ unit: 'binary', maxLength: 200 }),
  }),
  fc.record({
    role: fc.constant('user' as const),
    content: fc.array(
      fc.oneof(
        fc.record({ type: fc.constant('text' as const), text: fc.string({ unit: 'grapheme' }) }),
        fc.constant({ type: 'image_url' as const, image_url: { url: 'https://x.test/a.png' } }),
      ),
      { maxLength: 3 },
    ),
    name: fc.string({ minLength: 1, maxLength: 10 }),
  }),
) as fc.Arbitrary<ChatCompletionMessageParam>;

describe('promptTokenBound', () => {
  it.each(['cl100k_base', 'o200k_base'] as const)(
    'is never below the exact %s count, whatever the text',
    async (encoding) => {
      const count = await loadTokenCounter(encoding);
      fc.assert(
        fc.property(fc.array(message, { minLength: 1, maxLength: 4 }), (messages) => {
          expect(promptTokenBound({ messages })).toBeGreaterThanOrEqual(
            countPromptTokens({ messages }, count),
          );
        }),
        { numRuns: 300 },
      );
    },
  );

  it('counts special-token text and multi-byte text no lower than the tokenizer', async () => {
    const count = await loadTokenCounter('cl100k_base');
    for (const content of ['<|endoftext|><|im_start|>', 'ééé 日本語 🙂🙂', '']) {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content }];
      expect(promptTokenBound({ messages })).toBeGreaterThanOrEqual(
        countPromptTokens({ messages }, count),
      );
    }
  });
});
