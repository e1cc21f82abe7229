import { describe, expect, it } from 'vitest';
import { loadTokenCounter, loadedTokenCounter } from './load-token-counter.js';

describe('loadedTokenCounter', () => {
  it('has no counter before the encoding loads, and the loaded one after', async () => {
    expect(loadedTokenCounter('o200k_base')).toBeUndefined();
    const loading = loadTokenCounter('o200k_base');
    expect(loadedTokenCounter('o200k_base')).toBeUndefined();
    const counter = await loading;
    expect(loadedTokenCounter('o200k_base')).toBe(counter);
    expect(counter('hello world')).toBe(2);
    expect(loadTokenCounter('o200k_base')).toBe(loading);
  });
});
