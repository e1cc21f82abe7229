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

  describe('with routes', () => {
    const deployment = (usable: boolean) => ({
      circuit: usable ? ('closed' as const) : ('open' as const),
      cooldownUntil: undefined,
      usable,
    });

    it('is ready while every route is usable, naming routes and deployments', () => {
      const routes = { chat: { usable: true }, embed: { usable: true } };
      const deployments = { east: deployment(true), west: deployment(true) };
      expect(answer({ routes, deployments })).toEqual({
        status: 200,
        body: { status: 'ready', circuit: 'closed', routes, deployments },
      });
    });

    it('is degraded while a route runs on its fallback', () => {
      const health = {
        routes: { chat: { usable: true } },
        deployments: { east: deployment(false), west: deployment(true) },
      };
      expect(answer(health)).toMatchObject({ status: 200, body: { status: 'degraded' } });
    });

    it('answers 503 while one route has no usable deployment, the others still usable', () => {
      const health = {
        circuit: 'open' as const,
        routes: { chat: { usable: false }, embed: { usable: true } },
        deployments: { east: deployment(false), west: deployment(true) },
      };
      expect(answer(health)).toMatchObject({
        status: 503,
        body: { status: 'unavailable', circuit: 'open', routes: health.routes },
      });
    });
  });
});
