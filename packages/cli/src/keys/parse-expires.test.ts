import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseExpires } from './parse-expires.js';

describe('parseExpires', () => {
  it('takes a date as valid through the end of that day, UTC', () => {
    expect(parseExpires('2026-12-31')).toBe(Date.UTC(2027, 0, 1));
    expect(parseExpires(' 2028-02-29 ')).toBe(Date.UTC(2028, 2, 1));
  });

  it('takes a timestamp: UTC without an offset, else at its offset', () => {
    expect(parseExpires('2026-12-31T18:00:00Z')).toBe(Date.UTC(2026, 11, 31, 18));
    expect(parseExpires('2026-12-31T18:00')).toBe(Date.UTC(2026, 11, 31, 18));
    expect(parseExpires('2026-12-31T18:00:00.250+02:00')).toBe(
      Date.UTC(2026, 11, 31, 16, 0, 0, 250),
    );
  });

  it('takes never (and none) as no expiry', () => {
    expect(parseExpires('never')).toBeNull();
    expect(parseExpires('none')).toBeNull();
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2027-02-29',
    '2026-02-30T10:00Z',
    '31/12/2026',
    'tomorrow',
    '',
    '2026-12-31T25:00Z',
  ])('refuses %j', (value) => {
    expect(() => parseExpires(value)).toThrow(InvalidArgumentError);
  });
});
