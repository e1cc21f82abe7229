import { describe, expect, it } from 'vitest';
import { chargedTokens } from './charged-tokens.js';

describe('chargedTokens', () => {
  it('is the usage when the request set no maximum', () => {
    expect(chargedTokens({ totalTokens: 57, promptTokens: 12 })).toBe(57);
  });

  it('counts the requested maximum per choice, as the upstream does', () => {
    expect(
      chargedTokens({
        totalTokens: 57,
        promptTokens: 12,
        requestedCompletionTokens: 100,
        choices: 2,
      }),
    ).toBe(212);
  });

  it('takes the usage when it beat the estimate', () => {
    expect(
      chargedTokens({ totalTokens: 400, promptTokens: 12, requestedCompletionTokens: 100 }),
    ).toBe(400);
  });
});
