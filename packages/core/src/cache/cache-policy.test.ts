import { describe, expect, it } from 'vitest';
import { isCacheableRequest } from './cache-policy.js';

describe('isCacheableRequest', () => {
  it('caches deterministic requests only under the deterministic policy', () => {
    expect(isCacheableRequest({ temperature: 0 }, 'deterministic')).toBe(true);
    expect(isCacheableRequest({ seed: 42 }, 'deterministic')).toBe(true);
    expect(isCacheableRequest({ seed: 0, temperature: 1.2 }, 'deterministic')).toBe(true);
    expect(isCacheableRequest({}, 'deterministic')).toBe(false);
    expect(isCacheableRequest({ temperature: 0.7 }, 'deterministic')).toBe(false);
    expect(isCacheableRequest({ temperature: null, seed: null }, 'deterministic')).toBe(false);
  });

  it('caches every request under the always policy', () => {
    expect(isCacheableRequest({}, 'always')).toBe(true);
    expect(isCacheableRequest({ temperature: 1.5 }, 'always')).toBe(true);
  });
});
