import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY_PREFIX, generateGatewayKey, hashGatewayKey } from './gateway-key.js';

describe('generateGatewayKey', () => {
  it('makes bwk_ and 32 base62 characters, different every time', () => {
    const keys = Array.from({ length: 1000 }, generateGatewayKey);
    for (const key of keys) expect(key).toMatch(/^bwk_[0-9A-Za-z]{32}$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(GATEWAY_KEY_PREFIX).toBe('bwk_');
  });

  it('uses every character of the alphabet about equally (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 2000; index += 1) {
      for (const character of generateGatewayKey().slice(4)) {
        counts.set(character, (counts.get(character) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(62);
    // 64,000 draws: about 1032 each; a biased draw would favour the first 8 by a third.
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
    for (const count of counts.values()) expect(count).toBeLessThan(1220);
  });
});

describe('hashGatewayKey', () => {
  it('is the SHA-256 of the key, in hex', () => {
    expect(hashGatewayKey('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
