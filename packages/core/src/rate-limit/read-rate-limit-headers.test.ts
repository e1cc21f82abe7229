import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './read-rate-limit-headers.js';

const OPENAI_HEADERS = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-limit-tokens': '30000',
  'x-ratelimit-remaining-tokens': '29975',
  'x-ratelimit-reset-tokens': '1m30.5s',
};

describe('readRateLimitHeaders', () => {
  it('reads limits, remaining counts and Go-duration resets from a Headers object', () => {
    expect(readRateLimitHeaders(new Headers(OPENAI_HEADERS))).toEqual({
      requests: { limit: 500, remaining: 499, resetMs: 120 },
      tokens: { limit: 30_000, remaining: 29_975, resetMs: 90_500 },
    });
  });

  it('reads a plain record whatever the case of the names', () => {
    const headers = readRateLimitHeaders({
      'X-RateLimit-Remaining-Tokens': '10',
      'x-ratelimit-reset-tokens': ['6m0s'],
    });
    expect(headers).toEqual({ tokens: { limit: undefined, remaining: 10, resetMs: 360_000 } });
  });

  it('leaves malformed values out and reports nothing without headers', () => {
    expect(
      readRateLimitHeaders({
        'x-ratelimit-limit-requests': 'many',
        'x-ratelimit-remaining-requests': '-3',
        'x-ratelimit-reset-requests': 'soon',
      }),
    ).toEqual({});
    expect(readRateLimitHeaders(new Headers())).toEqual({});
  });
});
