import { describe, expect, it } from 'vitest';
import { fromFetchHeaders, fromRawHeaders } from './upstream-headers.js';

describe('UpstreamHeaders', () => {
  it('reads undici raw headers in place: any case, repeated values joined, absent ones skipped', () => {
    const headers = fromRawHeaders({
      'x-request-id': 'req_1',
      'set-cookie': ['a=1', 'b=2'],
      'x-missing': undefined,
    });
    expect(headers.get('X-Request-Id')).toBe('req_1');
    expect(headers.get('set-cookie')).toBe('a=1, b=2');
    expect(headers.get('x-missing')).toBeUndefined();
    expect(headers.get('retry-after')).toBeUndefined();
    expect([...headers.entries()]).toEqual([
      ['x-request-id', 'req_1'],
      ['set-cookie', 'a=1, b=2'],
    ]);
    const visited: [string, string][] = [];
    headers.forEach((value, name) => visited.push([name, value]));
    expect(visited).toEqual([...headers.entries()]);
  });

  it('reads fetch Headers the same way', () => {
    const headers = fromFetchHeaders(new Headers({ 'X-Request-Id': 'req_2' }));
    expect(headers.get('x-request-id')).toBe('req_2');
    expect(headers.get('retry-after')).toBeUndefined();
    expect([...headers.entries()]).toEqual([['x-request-id', 'req_2']]);
    const visited: [string, string][] = [];
    headers.forEach((value, name) => visited.push([name, value]));
    expect(visited).toEqual([['x-request-id', 'req_2']]);
  });
});
