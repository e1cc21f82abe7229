import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerArgument } from './integer-argument.js';
import { numberArgument } from './number-argument.js';

describe('integerArgument', () => {
  it('accepts whole numbers at or above the minimum', () => {
    expect(integerArgument(0)('0')).toBe(0);
    expect(integerArgument(1)(' 60 ')).toBe(60);
  });

  it('rejects fractions, signs, words and values below the minimum', () => {
    for (const value of ['1.5', '-1', 'fast', '', '1e3']) {
      expect(() => integerArgument(0)(value)).toThrow(InvalidArgumentError);
    }
    expect(() => integerArgument(1)('0')).toThrow('expected a whole number ≥ 1');
  });
});

describe('numberArgument', () => {
  it('accepts decimals and rejects what is not a number', () => {
    expect(numberArgument('0.7')).toBe(0.7);
    expect(() => numberArgument('warm')).toThrow('expected a number');
    expect(() => numberArgument(' ')).toThrow(InvalidArgumentError);
  });
});
