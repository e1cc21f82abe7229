import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import type { BulwarkClient } from '../src/client/bulwark-client.js';
import { createClient } from '../src/client/create-client.js';
import type { FallbackEvent } from '../src/events/client-events.js';
import { describeWithRedis, TEST_REDIS_URL, uniquePrefix } from './redis-test-support.js';
import { callsTo, twoDeploymentMock, twoDeploymentRoutes } from './support/two-deployments.js';

const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };

describeWithRedis('deployment cooldowns and open circuits shared through Redis', () => {
  const mock = twoDeploymentMock();
  const open = (keyPrefix: string): { client: BulwarkClient; reasons: string[] } => {
    const client = createClient({
      fetch: mock.fetch,
      redis: { url: TEST_REDIS_URL, keyPrefix },
      retry: { maxAttempts: 1 },
      circuitBreaker: { threshold: 1, halfOpenAfterMs: 60_000 },
      cache: { store: 'off' },
      routes: twoDeploymentRoutes(mock),
    });
    const reasons: FallbackEvent['reason'][] = [];
    client.on('fallback', ({ reason }) => reasons.push(reason));
    return { client, reasons };
  };
  /** Both connections up: a cooldown written or read while connecting is dropped (logged). */
  const ready = async (...clients: BulwarkClient[]): Promise<void> => {
    for (let tries = 0; tries < 200; tries += 1) {
      if (clients.every((client) => client.health().redis === 'ready')) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('Redis did not become ready');
  };
  const peek = new Redis(TEST_REDIS_URL as string);
  afterAll(() => peek.disconnect());
  /** The cooldown is written without waiting for Redis: wait until it is there. */
  const written = async (keyPrefix: string): Promise<void> => {
    for (let tries = 0; tries < 200; tries += 1) {
      if ((await peek.keys(`${keyPrefix}bulwark:cooldown:*`)).length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('No cooldown was written');
  };
  const primaryCalls = () => callsTo(mock, 'primary');

  it('a deployment cooling down on one instance is skipped by another, without a call', async () => {
    mock.reset();
    mock.deployment('primary').onChat().failOnce(429, { retryAfterMs: 30_000 });
    const keyPrefix = uniquePrefix();
    const [a, b] = [open(keyPrefix), open(keyPrefix)];
    await ready(a.client, b.client);
    try {
      await a.client.chat.completions.create(hello);
      expect(a.reasons).toEqual(['rate_limited']);
      await written(keyPrefix);
      await b.client.chat.completions.create(hello);
      expect(b.reasons).toEqual(['rate_limited']);
      expect(primaryCalls()).toBe(1);
      expect(b.client.health().deployments?.['primary']?.usable).toBe(false);
    } finally {
      await Promise.all([a.client.close(), b.client.close()]);
    }
  });

  it('a circuit opened on one instance stops the other from sending there', async () => {
    mock.reset();
    mock.deployment('primary').onChat().fail(500);
    const keyPrefix = uniquePrefix();
    const [a, b] = [open(keyPrefix), open(keyPrefix)];
    await ready(a.client, b.client);
    try {
      await a.client.chat.completions.create(hello);
      expect(a.client.health().deployments?.['primary']?.circuit).toBe('open');
      await written(keyPrefix);
      await b.client.chat.completions.create(hello);
      expect(b.reasons).toEqual(['circuit_open']);
      expect(primaryCalls()).toBe(1);
    } finally {
      await Promise.all([a.client.close(), b.client.close()]);
    }
  });

  it('an instance with its own key prefix shares nothing', async () => {
    mock.reset();
    mock.deployment('primary').onChat().failOnce(429, { retryAfterMs: 30_000 });
    const prefixA = uniquePrefix();
    const [a, b] = [open(prefixA), open(uniquePrefix())];
    await ready(a.client, b.client);
    try {
      await a.client.chat.completions.create(hello);
      await written(prefixA);
      await b.client.chat.completions.create(hello);
      expect(b.reasons).toEqual([]);
      expect(primaryCalls()).toBe(2);
    } finally {
      await Promise.all([a.client.close(), b.client.close()]);
    }
  });
});
