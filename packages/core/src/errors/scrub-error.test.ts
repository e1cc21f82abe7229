import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scrubError } from './scrub-error.js';

const KEY = 'sk-live.scrub0123456789abcdefghijklmnop';

describe('scrubError', () => {
  it('keeps name, message, scalar fields, the error body and the cause chain, with secrets masked', () => {
    const inner = Object.assign(new Error(`socket closed for ${KEY}`), {
      code: 'ECONNRESET',
      errno: -104,
    });
    const outer = Object.assign(new TypeError('fetch failed', { cause: inner }), {
      status: 401,
      error: { message: `bad key ${KEY}`, code: 'invalid_api_key' },
      headers: { authorization: `Bearer ${KEY}` },
      request: { options: { apiKey: KEY } },
    });
    const copy = scrubError(outer, [KEY]) as Error & Record<string, unknown>;
    expect(copy.name).toBe('TypeError');
    expect(copy['status']).toBe(401);
    expect(copy['error']).toEqual({ message: 'bad key sk-…mnop', code: 'invalid_api_key' });
    expect(copy['headers']).toBeUndefined();
    expect(copy['request']).toBeUndefined();
    expect((copy.cause as Record<string, unknown>)['code']).toBe('ECONNRESET');
    expect(inspect(copy, { depth: 10 })).not.toContain(KEY);
    expect(JSON.stringify(copy)).not.toContain(KEY);
  });

  it('masks strings and drops other values', () => {
    expect(scrubError(`x ${KEY}`, [KEY])).toBe('x sk-…mnop');
    expect(scrubError({ apiKey: KEY }, [KEY])).toBeUndefined();
  });
});
