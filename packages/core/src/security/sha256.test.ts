import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex } from './sha256.js';

describe('sha256', () => {
  it('gives the standard digest of UTF-8 text, as hex and as bytes', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256('abc').toString('hex')).toBe(abc);
    for (const text of ['', 'é ✓ 𝄞', 'bwk_'.padEnd(36, 'x')]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(sha256(text)).toEqual(createHash('sha256').update(text, 'utf8').digest());
    }
  });
});
