import { describe, expect, it } from 'vitest';
import { callInfoHeaders } from './call-info-headers.js';

const info = {
  attempts: 2,
  cache: 'miss' as const,
  upstreamRequestId: undefined,
  rateLimitHeaders: { 'x-ratelimit-remaining-requests': '9' },
};

describe('callInfoHeaders', () => {
  it('names the deployment that answered, with routes', () => {
    expect(callInfoHeaders({ ...info, deployment: 'azure-east' })).toEqual({
      'x-ratelimit-remaining-requests': '9',
      'x-bulwark-cache': 'miss',
      'x-bulwark-attempts': '2',
      'x-bulwark-deployment': 'azure-east',
    });
  });

  it('has no deployment header without one', () => {
    expect(callInfoHeaders(info)).not.toHaveProperty('x-bulwark-deployment');
    expect(callInfoHeaders({ ...info, deployment: undefined })).not.toHaveProperty(
      'x-bulwark-deployment',
    );
  });
});
