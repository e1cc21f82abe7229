import { describe, expect, it } from 'vitest';
import { stripControlCharacters } from './strip-control-characters.js';

/** The class as the specification states it, one code point at a time. */
function isStripped(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d || code === 0x85) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

describe('stripControlCharacters', () => {
  it('removes exactly the non-whitespace C0 and C1 controls, in short and in long text', () => {
    for (let code = 0; code <= 0x2ff; code += 1) {
      const character = String.fromCharCode(code);
      const expected = isStripped(code) ? 'ab' : `a${character}b`;
      // Short text is scanned, long text (over 256 code units) goes to the regular expression.
      expect(stripControlCharacters(`a${character}b`)).toBe(expected);
      const padding = 'x'.repeat(300);
      expect(stripControlCharacters(`${padding}a${character}b`)).toBe(`${padding}${expected}`);
    }
  });

  it('returns the same string when there is nothing to remove', () => {
    const text = 'Hello,\tworld\r\n\u0085 — 你好 🙂';
    expect(stripControlCharacters(text)).toBe(text);
    expect(stripControlCharacters('')).toBe('');
  });

  it('removes every occurrence, also at the ends and next to surrogate pairs', () => {
    expect(stripControlCharacters('\u0000🙂\u001b[31mred\u007f\u009f')).toBe('🙂[31mred');
  });
});
