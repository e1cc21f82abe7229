import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS } from './default-models.js';
import { withDefaultModels } from './with-default-models.js';

describe('withDefaultModels', () => {
  it('lays the given entries over the built-in table, every name as data', () => {
    const entry = { ...(DEFAULT_MODELS['gpt-4-1106-preview'] as object), contextWindow: 1 };
    // A name as a parsed JSON file may hold it: it must stay a key, not become the prototype.
    const text = JSON.stringify(entry);
    const given = JSON.parse(`{"__proto__":${text},"mine":${text}}`) as Record<
      string,
      typeof entry
    >;
    const models = withDefaultModels(given as never);
    expect(Object.getPrototypeOf(models)).toBe(Object.prototype);
    expect(Object.keys(models)).toEqual(
      expect.arrayContaining(['gpt-4-1106-preview', 'mine', '__proto__']),
    );
    expect(models['mine']).toEqual(entry);
    expect(withDefaultModels(undefined)).toEqual({ ...DEFAULT_MODELS });
  });
});
