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
    expect(findModel(DEFAULT_MODELS, 'gpt-4.1-2025-04-14')).toBe(DEFAULT_MODELS['gpt-4.1']);
    expect(findModel(DEFAULT_MODELS, 'o3-mini-2025-01-31')).toBe(DEFAULT_MODELS['o3-mini']);
    expect(findModel(DEFAULT_MODELS, 'gpt-4.5')).toBeUndefined();
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

  it('knows the GPT-4o, GPT-4.1 and o-series families, with their cached-input prices', () => {
    for (const name of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano']) {
      expect(findModel(DEFAULT_MODELS, name)?.encoding).toBe('o200k_base');
    }
    for (const name of ['o1', 'o1-mini', 'o3', 'o3-mini', 'o4-mini']) {
      const model = findModel(DEFAULT_MODELS, name);
      expect(model?.cachedInputCostPer1K).toBeLessThan(model?.inputCostPer1K ?? 0);
    }
    expect(findModel(DEFAULT_MODELS, 'gpt-4.1')?.contextWindow).toBe(1_047_576);
  });

  it('prices cached prompt tokens at the cached price: (prompt − cached) × input + cached × cached + completion × output', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    const model = findModel(DEFAULT_MODELS, 'gpt-4o');
    const usage = { promptTokens: 2000, cachedTokens: 1536, completionTokens: 100 };
    expect(estimateCost(model, usage)).toBeCloseTo(
      (464 * 2.5 + 1536 * 1.25 + 100 * 10) / 1_000_000,
      12,
    );
    // A model without a cache discount bills cached tokens at the input price.
    const turbo = findModel(DEFAULT_MODELS, 'gpt-4-1106-preview');
    expect(estimateCost(turbo, usage)).toBeCloseTo(
      estimateCost(turbo, { ...usage, cachedTokens: 0 }),
      12,
    );
    // An entry of the caller's own without `cachedInputCostPer1K` does the same.
    const own = {
      contextWindow: 1000,
      maxOutputTokens: 100,
      encoding: 'cl100k_base',
      inputCostPer1K: 1,
      outputCostPer1K: 2,
    } as const;
    expect(estimateCost(own, { promptTokens: 1000, cachedTokens: 500, completionTokens: 0 })).toBe(
      1,
    );
    // More cached than prompt tokens (a faulty upstream) never makes a negative price.
    expect(
      estimateCost(model, { promptTokens: 10, cachedTokens: 50, completionTokens: 0 }),
    ).toBeCloseTo((10 * 1.25) / 1_000_000, 12);
  });
});
