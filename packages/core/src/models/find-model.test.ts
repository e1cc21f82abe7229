import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './default-models.js';
import { estimateCost } from './estimate-cost.js';
import { findModel } from './find-model.js';

describe('the model table', () => {
  it('knows the GPT-4 family', () => {
    expect(findModel(DEFAULT_MODELS, 'gpt-4-1106-preview')).toMatchObject({
      contextWindow: 128_000,
      maxOutputTokens: 4096,
      encoding: 'cl100k_base',
    });
    expect(findModel(DEFAULT_MODELS, 'gpt-4')?.contextWindow).toBe(8192);
    expect(findModel(DEFAULT_MODELS, 'gpt-4-32k')?.contextWindow).toBe(32_768);
    expect(findModel(DEFAULT_MODELS, 'gpt-4o')?.encoding).toBe('o200k_base');
    expect(findModel(DEFAULT_MODELS, 'gpt-4o-mini')?.inputCostPer1K).toBe(0.00015);
    for (const name of ['gpt-4-0613', 'gpt-4-turbo', 'gpt-4-turbo-preview', 'gpt-4-0125-preview']) {
      expect(findModel(DEFAULT_MODELS, name)).toBeDefined();
    }
  });

  it('resolves dated snapshots to their family, and nothing else', () => {
    expect(findModel(DEFAULT_MODELS, 'gpt-4o-2024-08-06')).toBe(DEFAULT_MODELS['gpt-4o']);
    expect(findModel(DEFAULT_MODELS, 'gpt-4o-mini-2024-07-18')).toBe(DEFAULT_MODELS['gpt-4o-mini']);
    expect(findModel(DEFAULT_MODELS, 'gpt-4-turbo-2024-04-09')).toBe(DEFAULT_MODELS['gpt-4-turbo']);
    expect(findModel(DEFAULT_MODELS, 'gpt-4.1')).toBeUndefined();
    expect(findModel(DEFAULT_MODELS, 'my-fine-tune')).toBeUndefined();
  });

  it('prices a call per 1K tokens', () => {
    const model = findModel(DEFAULT_MODELS, 'gpt-4-1106-preview');
    expect(estimateCost(model, { promptTokens: 1000, completionTokens: 500 })).toBeCloseTo(
      0.025,
      10,
    );
    expect(estimateCost(undefined, { promptTokens: 1000, completionTokens: 500 })).toBe(0);
  });
});
