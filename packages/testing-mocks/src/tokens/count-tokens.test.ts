import { describe, expect, it } from 'vitest';
import { chatCompletion } from '../builders/chat-completion.js';
import { countCompletionTokens, countPromptTokens, countTextTokens } from './count-tokens.js';

describe('token counting', () => {
  it('counts text with cl100k_base for gpt-4 and o200k_base for gpt-4o', () => {
    expect(countTextTokens('Hello world', 'gpt-4')).toBe(2);
    expect(countTextTokens('', 'gpt-4')).toBe(0);
    // A text whose token count differs between the two encodings.
    const text = 'Ünïcödé façade — naïve coöperation';
    expect(countTextTokens(text, 'gpt-4o')).not.toBe(countTextTokens(text, 'gpt-4'));
  });

  it("follows OpenAI's chat accounting: 3 per message, 1 per name, 3 to prime the reply", () => {
    const body = {
      model: 'gpt-4',
      messages: [
        { role: 'system' as const, content: 'You are helpful.' },
        { role: 'user' as const, content: 'Hello world', name: 'bob' },
      ],
    };
    const expected =
      3 +
      (3 + countTextTokens('system', 'gpt-4') + countTextTokens('You are helpful.', 'gpt-4')) +
      (3 + countTextTokens('user', 'gpt-4') + 2 + 1 + countTextTokens('bob', 'gpt-4'));
    expect(countPromptTokens(body)).toBe(expected);
  });

  it('counts text parts of array content', () => {
    const asString = countPromptTokens({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'Hello world' }],
    });
    const asParts = countPromptTokens({
      model: 'gpt-4',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello world' }] }],
    });
    expect(asParts).toBe(asString);
  });

  it('counts completion content and tool-call arguments', () => {
    expect(countCompletionTokens(chatCompletion({ content: 'Hello world', model: 'gpt-4' }))).toBe(
      2,
    );
  });
});
