import type { ClientHealth } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { readiness } from './readiness.js';

const answer = (health: Partial<ClientHealth>) =>
  readiness({ circuit: 'closed', inFlight: 0, queued: 0, ...health } as ClientHealth);

describe('readiness', () => {
  it('answers ready without Redis, with the shape it always had', () => {
    expect(answer({})).toEqual({ status: 200, body: { status: 'ready', circuit: 'closed' } });
  });

  it('shows Redis and the shared limits when they are up', () => {
    expect(answer({ redis: 'ready', rateLimit: { waiters: 0, backend: 'redis' } })).toEqual({
      status: 200,
      body: { status: 'ready', circuit: 'closed', redis: 'ready', rateLimit: 'redis' },
    });
  });

  it('stays 200 but degraded while Redis is down and the limits are local', () => {
    expect(
      answer({ redis: 'unavailable', rateLimit: { waiters: 0, backend: 'local-fallback' } }),
    ).toEqual({
      status: 200,
      body: {
        status: 'degraded',
        circuit: 'closed',
        redis: 'unavailable',
        rateLimit: 'local-fallback',
      },
    });
  });

  it('answers 503 only for the open circuit', () => {
    expect(answer({ circuit: 'open', redis: 'unavailable' })).toEqual({
      status: 503,
      body: { status: 'unavailable', circuit: 'open', redis: 'unavailable' },
    });
  });
});
