import { describe, expect, it } from 'vitest';
import { createRequestHeaders, withRequestId } from './request-headers.js';

describe('request headers', () => {
  const base = createRequestHeaders({ apiKey: 'sk-test-key-000000', provider: 'openai' });

  it('sends the shared record itself when the call has no id', () => {
    expect(withRequestId(base, undefined)).toBe(base);
  });

  it("adds the caller's id as x-client-request-id and x-request-id, on a copy", () => {
    const headers = withRequestId(base, 'req-42');
    expect(headers).toEqual({
      ...base,
      'x-client-request-id': 'req-42',
      'x-request-id': 'req-42',
    });
    expect(base).not.toHaveProperty('x-request-id');
  });
});
