import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250.4', 'retry-after': '9' }))).toBe(
      251,
    );
  });

  it('reads retry-after in seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }))).toBe(500);
  });

  it('reads retry-after as an HTTP date, never negative', () => {
    const headers = new Headers({ 'retry-after': new Date(NOW + 3000).toUTCString() });
    expect(parseRetryAfter(headers, NOW)).toBe(3000);
    const past = new Headers({ 'retry-after': new Date(NOW - 3000).toUTCString() });
    expect(parseRetryAfter(past, NOW)).toBe(0);
  });

  it('ignores missing and unusable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'soon', 'retry-after-ms': '-5' })),
    ).toBeUndefined();
  });
});
