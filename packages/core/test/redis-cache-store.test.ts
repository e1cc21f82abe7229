import type { Redis } from 'ioredis';
import { chatCompletion } from '@bulwark/testing-mocks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CacheEntry } from '../src/cache/cache-entry.js';
import { createRedisConnection } from '../src/redis/create-redis-connection.js';
import { RedisCacheStore } from '../src/redis/redis-cache-store.js';
import {
  describeWithRedis,
  freePort,
  inspectRedis,
  ready,
  TEST_REDIS_URL,
  uniquePrefix,
} from './redis-test-support.js';

const entry = (ttlMs: number, text = 'cached answer'): CacheEntry => ({
  version: 1,
  kind: 'completion',
  storedAt: Date.now(),
  expiresAt: Date.now() + ttlMs,
  requestId: 'req_1',
  completion: chatCompletion(text),
});

describeWithRedis('RedisCacheStore (real Redis)', () => {
  let connection: Redis;
  let redis: Redis;
  beforeAll(async () => {
    connection = await ready(createRedisConnection({ url: TEST_REDIS_URL as string }));
    redis = inspectRedis();
  });
  afterAll(async () => {
    await connection.quit();
    redis.disconnect();
  });

  it('stores an entry under its prefixed key with PX set to its remaining lifetime', async () => {
    const keyPrefix = uniquePrefix();
    const store = new RedisCacheStore({ connection, keyPrefix });
    const stored = entry(60_000);
    await store.set('bulwark:v1:default:abc', stored);
    expect(await store.get('bulwark:v1:default:abc')).toEqual(stored);
    const ttl = await redis.pttl(`${keyPrefix}bulwark:v1:default:abc`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await store.delete('bulwark:v1:default:abc')).toBe(true);
    expect(await store.get('bulwark:v1:default:abc')).toBeUndefined();
  });

  it('keeps prefixes apart: one deployment never answers another', async () => {
    const first = new RedisCacheStore({ connection, keyPrefix: uniquePrefix() });
    const second = new RedisCacheStore({ connection, keyPrefix: uniquePrefix() });
    await first.set('key', entry(60_000));
    expect(await second.get('key')).toBeUndefined();
  });

  it('refuses entries above maxEntryBytes and entries already expired, without an error', async () => {
    const keyPrefix = uniquePrefix();
    const errors: unknown[] = [];
    const store = new RedisCacheStore({
      connection,
      keyPrefix,
      maxEntryBytes: 2048,
      onError: (error) => errors.push(error),
    });
    await store.set('large', entry(60_000, 'x'.repeat(4096)));
    await store.set('expired', entry(-1));
    await store.set('small', entry(60_000));
    expect(await redis.exists(`${keyPrefix}large`, `${keyPrefix}expired`)).toBe(0);
    expect(await store.get('small')).toBeDefined();
    expect(errors).toEqual([]);
  });

  it('ignores an entry whose expiresAt passed even if Redis still holds it (clock skew)', async () => {
    let now = Date.now();
    const keyPrefix = uniquePrefix();
    const store = new RedisCacheStore({ connection, keyPrefix, clock: { now: () => now } });
    await store.set('key', entry(60_000));
    now += 61_000;
    expect(await store.get('key')).toBeUndefined();
  });
});

it('answers a miss and a no-op, never an error, when Redis is unreachable, and reports each failure', async () => {
  const connection = createRedisConnection({ url: `redis://127.0.0.1:${await freePort()}` });
  const failures: string[] = [];
  const store = new RedisCacheStore({
    connection,
    onError: (_error, operation) => failures.push(operation),
  });
  try {
    await expect(store.get('key')).resolves.toBeUndefined();
    await expect(store.set('key', entry(60_000))).resolves.toBeUndefined();
    await expect(store.delete('key')).resolves.toBe(false);
    expect(failures).toEqual(['get', 'set', 'delete']);
  } finally {
    connection.disconnect();
  }
});
