import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isBulwarkError } from '../src/errors/bulwark-error.js';
import type { RateLimitWait } from '../src/rate-limit/rate-limiter.js';
import { createRedisConnection } from '../src/redis/create-redis-connection.js';
import { createRedisRateLimiter } from '../src/redis/create-redis-rate-limiter.js';
import type { RedisRateLimiterOptions } from '../src/redis/redis-rate-limiter-options.js';
import { describeWithRedis, ready, TEST_REDIS_URL, uniquePrefix } from './redis-test-support.js';

describeWithRedis('createRedisRateLimiter (real Redis)', () => {
  let connections: Redis[];
  beforeAll(async () => {
    const open = () => ready(createRedisConnection({ url: TEST_REDIS_URL as string }));
    connections = [await open(), await open()];
  });
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.quit()));
  });

  /** Two limiters, as two instances would have them: one connection each, one namespace. */
  const pair = (options: Omit<RedisRateLimiterOptions, 'connection'>) => {
    const keyPrefix = uniquePrefix();
    const [first, second] = connections.map((connection) =>
      createRedisRateLimiter({ ...options, connection, keyPrefix }),
    );
    return [first, second] as [NonNullable<typeof first>, NonNullable<typeof second>];
  };

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isBulwarkError(error) && error.code === 'rate_limit_exceeded').toBe(true);
    return error;
  };

  it('shares one requests bucket: what one instance took, the other must wait for', async () => {
    const [first, second] = pair({ rpm: 60, maxWaitMs: 0 });
    expect(first.backend).toBe('redis');
    await first.acquire({});
    const waits: RateLimitWait[] = [];
    await refusal(second.acquire({ onWait: (wait) => waits.push(wait) }));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ limit: 'requests', refused: true });
    // One request per second: the next one is most of a second away.
    expect(waits[0]?.waitMs).toBeGreaterThan(500);
    expect(second.health()).toMatchObject({ backend: 'redis', requests: { limit: 60 } });
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('reconciles in the shared bucket: tokens one instance gives back, the other can take', async () => {
    const [first, second] = pair({ tpm: 6000, burstFraction: 0.01, maxWaitMs: 0 });
    const grant = await first.acquire({ tokens: 60 });
    await refusal(second.acquire({ tokens: 60 }));
    grant.reconcile(0);
    await expect
      .poll(
        () =>
          second.acquire({ tokens: 60 }).then(
            () => true,
            () => false,
          ),
        { interval: 20 },
      )
      .toBe(true);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('shares an upstream 429 pause through Redis', async () => {
    const [first, second] = pair({ rpm: 60_000, maxWaitMs: 1000 });
    first.pause(Date.now() + 5000);
    const waits: RateLimitWait[] = [];
    await expect
      .poll(
        async () => {
          waits.length = 0;
          await second.acquire({ onWait: (wait) => waits.push(wait) }).catch(() => undefined);
          return waits[0]?.limit;
        },
        { interval: 20 },
      )
      .toBe('upstream');
    expect(waits[0]).toMatchObject({ refused: true });
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('lowers the shared buckets from one instance’s headers for every instance', async () => {
    const [first, second] = pair({ rpm: 6000, maxWaitMs: 0 });
    const grant = await first.acquire({});
    first.learn(
      {
        'x-ratelimit-limit-requests': '600',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '6s',
      },
      { sentAt: grant.grantedAt },
    );
    await expect
      .poll(
        () =>
          second.acquire({}).then(
            () => 'granted',
            () => 'refused',
          ),
        { interval: 20 },
      )
      .toBe('refused');
    expect(second.health().requests?.limit).toBe(600);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('serves its own waiters in FIFO order, the head asking Redis', async () => {
    const [limiter] = pair({ rpm: 1200, maxWaitMs: 5000 }); // one request every 50 ms
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((index) => limiter.acquire({}).then(() => order.push(index))),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    await limiter.dispose();
  });

  it('ends an aborted wait with AbortError and lets the next waiter go', async () => {
    const [limiter] = pair({ rpm: 600, maxWaitMs: 5000 });
    await limiter.acquire({});
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal });
    const next = limiter.acquire({});
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    await expect(next).resolves.toMatchObject({ requests: 1 });
    await limiter.dispose();
  });
});
