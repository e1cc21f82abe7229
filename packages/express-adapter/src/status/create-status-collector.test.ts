import type {
  BulwarkClient,
  BulwarkError,
  CallUsage,
  ClientEventMap,
  ClientEventName,
  ClientHealth,
} from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { createStatusCollector } from './create-status-collector.js';

/** A client with just `on()` and `health()`, and a way to fire its events. */
function fakeClient() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const health: ClientHealth = {
    circuit: 'closed',
    inFlight: 2,
    queued: 1,
    usage: {
      requests: 7,
      errors: 1,
      promptTokens: 70,
      completionTokens: 30,
      cachedTokens: 0,
      costUsd: 0.5,
    },
  };
  const client = {
    health: () => health,
    on(name: string, listener: (payload: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  } as unknown as BulwarkClient;
  function emit<Name extends ClientEventName>(name: Name, payload: ClientEventMap[Name]) {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  }
  return { client, health, emit, listeners };
}

function usage(promptTokens: number, completionTokens: number, costUsd: number): CallUsage {
  const totalTokens = promptTokens + completionTokens;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: 0,
    totalTokens,
    costUsd,
    source: 'upstream',
  };
}

function response(model: string, calls: CallUsage, timeToFirstChunkMs?: number) {
  return {
    callId: 'c',
    model,
    stream: timeToFirstChunkMs !== undefined,
    requestId: undefined,
    usage: calls,
    latencyMs: 10,
    timeToFirstChunkMs,
  };
}

/** A collector over a fake client, on a clock the test moves (starting at 1000.25 s). */
function setUp(options: { windowSeconds?: number } = {}) {
  const fake = fakeClient();
  let clock = 1_000_250;
  const collector = createStatusCollector({ client: fake.client, now: () => clock, ...options });
  return {
    ...fake,
    collector,
    advance(ms: number) {
      clock += ms;
    },
  };
}

const CHAT = '/v1/chat/completions';

describe('status collector', () => {
  it('counts requests, 5xx and 429 answers per second, and rates over the recent seconds', () => {
    const { collector, advance } = setUp();
    for (let i = 0; i < 3; i += 1)
      collector.recordRequest({ route: CHAT, status: 200, latencyMs: 20 });
    advance(1000);
    collector.recordRequest({ route: CHAT, status: 502, latencyMs: 30 });
    collector.recordRequest({ route: '/v1/models', status: 429, latencyMs: 1 });
    const snapshot = collector.snapshot();
    expect(snapshot.windowSeconds).toBe(300);
    expect(snapshot.startedAt).toBe(1_000_250);
    expect(snapshot.series.t).toHaveLength(300);
    expect(snapshot.series.t.at(-1)).toBe(1001);
    expect(snapshot.series.requests.slice(-3)).toEqual([0, 3, 2]);
    expect(snapshot.series.errors.slice(-2)).toEqual([0, 1]);
    expect(snapshot.series.rateLimited.slice(-2)).toEqual([0, 1]);
    // Two seconds old: the rate is over those two, not over a full minute.
    expect(snapshot.recent).toMatchObject({
      seconds: 2,
      requests: 5,
      requestsPerSecond: 2.5,
      errorRate: 0.2,
      rateLimitedRate: 0.2,
    });
    expect(snapshot.routes).toEqual({ [CHAT]: 4, '/v1/models': 1 });
  });

  it('rolls the window: seconds older than it drop out, and the recent summary covers the last minute', () => {
    const { collector, advance, emit } = setUp({ windowSeconds: 120 });
    collector.recordRequest({ route: CHAT, status: 200, latencyMs: 20 });
    emit('response', response('gpt-4o', usage(10, 5, 0.001)));
    advance(90_000);
    collector.recordRequest({ route: CHAT, status: 200, latencyMs: 20 });
    let snapshot = collector.snapshot();
    expect(snapshot.series.requests.reduce((a, b) => a + b)).toBe(2);
    expect(snapshot.recent).toMatchObject({ seconds: 60, requests: 1 });
    expect(snapshot.models['gpt-4o']?.calls).toBe(1);

    // 120 s after the first request its slot is reused for the new second.
    advance(30_000);
    collector.recordRequest({ route: CHAT, status: 200, latencyMs: 20 });
    snapshot = collector.snapshot();
    expect(snapshot.series.requests.reduce((a, b) => a + b)).toBe(2);
    expect(snapshot.series.requests.at(-1)).toBe(1);
    expect(snapshot.models).toEqual({});

    advance(600_000);
    snapshot = collector.snapshot();
    expect(snapshot.series.requests.every((count) => count === 0)).toBe(true);
    expect(snapshot.recent).toMatchObject({ requests: 0, latencyP50Ms: null, errorRate: null });
  });

  it('reads latency and time-to-first-token quantiles within 9.1 %', () => {
    const { collector, emit, advance } = setUp();
    for (let ms = 1; ms <= 100; ms += 1)
      collector.recordRequest({ route: CHAT, status: 200, latencyMs: ms });
    emit('response', response('gpt-4o', usage(1, 1, 0), 40));
    emit('response', response('gpt-4o', usage(1, 1, 0), 400));
    emit('response', response('gpt-4o', usage(1, 1, 0)));
    advance(1000);
    const { series, recent } = collector.snapshot();
    const near = (value: number | null | undefined, expected: number) =>
      expect(Math.abs((value ?? Number.NaN) - expected) / expected).toBeLessThanOrEqual(0.091);
    near(series.latencyP50Ms.at(-2), 50);
    near(series.latencyP99Ms.at(-2), 99);
    expect(series.latencyP50Ms.at(-1)).toBeNull();
    near(recent.latencyP50Ms, 50);
    near(recent.latencyP99Ms, 99);
    near(recent.ttftP50Ms, 40);
    near(recent.ttftP99Ms, 400);
    near(series.ttftP50Ms.at(-2), 40);
  });

  it('sums tokens and cost by model, cache hits and misses, failed calls and limit events', () => {
    const { collector, emit, advance } = setUp();
    emit('response', response('gpt-4o', usage(100, 50, 0.002)));
    advance(1000);
    emit('response', response('gpt-4o', usage(10, 5, 0.0002)));
    emit('response', response('gpt-4o-mini', usage(20, 10, 0.00001)));
    for (let i = 0; i < 3; i += 1)
      emit('cacheHit', { callId: 'c', model: 'gpt-4o', stream: false, key: 'k', coalesced: false });
    emit('cacheMiss', { callId: 'c', model: 'gpt-4o', stream: false, key: 'k' });
    const error = { code: 'upstream_error' } as BulwarkError;
    emit('error', { callId: 'c', model: 'gpt-4o', stream: false, error, latencyMs: 3 });
    emit('rateLimited', { limit: 'upstream', waitMs: 100 });
    const snapshot = collector.snapshot();
    expect(snapshot.models).toEqual({
      'gpt-4o': {
        calls: 2,
        promptTokens: 110,
        completionTokens: 55,
        cachedTokens: 0,
        totalTokens: 165,
        costUsd: 0.0022,
      },
      'gpt-4o-mini': {
        calls: 1,
        promptTokens: 20,
        completionTokens: 10,
        cachedTokens: 0,
        totalTokens: 30,
        costUsd: 0.00001,
      },
    });
    expect(snapshot.series.tokens.slice(-2)).toEqual([150, 45]);
    expect(snapshot.series.costUsd.slice(-2)).toEqual([0.002, 0.00021]);
    expect(snapshot.series.cacheHits.at(-1)).toBe(3);
    expect(snapshot.recent.cacheHitRate).toBe(0.75);
    expect(snapshot.errorCodes).toEqual({ upstream_error: 1 });
    expect(snapshot.recent.rateLimitEvents).toBe(1);
  });

  it('keeps at most 50 models, the rest under (other)', () => {
    const { collector, emit } = setUp();
    for (let i = 0; i < 60; i += 1) emit('response', response(`model-${i}`, usage(1, 1, 0)));
    const { models } = collector.snapshot();
    expect(Object.keys(models)).toHaveLength(51);
    expect(models['(other)']?.calls).toBe(10);
  });

  it('reports the breakers, calls in flight and totals from health()', () => {
    const { collector, health } = setUp();
    expect(collector.snapshot().breakers).toEqual({
      circuit: 'closed',
      inFlight: 2,
      queued: 1,
      deployments: {},
    });
    health.circuit = 'open';
    health.deployments = {
      east: { circuit: 'open', cooldownUntil: 5, usable: false },
      west: { circuit: 'closed', cooldownUntil: undefined, usable: true },
    };
    const snapshot = collector.snapshot();
    expect(snapshot.breakers.circuit).toBe('open');
    expect(snapshot.breakers.deployments['east']).toEqual({
      circuit: 'open',
      cooldownUntil: 5,
      usable: false,
    });
    expect(snapshot.totals).toEqual(health.usage);
  });

  it('stops listening once disposed', () => {
    const { collector, emit, listeners } = setUp();
    collector.dispose();
    emit('response', response('gpt-4o', usage(1, 1, 1)));
    expect(collector.snapshot().models).toEqual({});
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true);
  });

  it('refuses a window that is not a whole number of seconds', () => {
    const { client } = fakeClient();
    expect(() => createStatusCollector({ client, windowSeconds: 0 })).toThrow(TypeError);
    expect(() => createStatusCollector({ client, recentSeconds: 1.5 })).toThrow(TypeError);
  });
});
