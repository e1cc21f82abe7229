import type { BulwarkClient, ClientHealth } from '@bulwark/core';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { readyRoute } from './ready-route.js';

function answer(health: Partial<ClientHealth>) {
  const client = {
    health: () => ({ circuit: 'closed', inFlight: 0, queued: 0, ...health }),
  } as unknown as BulwarkClient;
  const sent: { status: number; body: unknown } = { status: 200, body: undefined };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  void readyRoute(client)({} as Request, response as unknown as Response, () => undefined);
  return sent;
}

describe('readyRoute', () => {
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
