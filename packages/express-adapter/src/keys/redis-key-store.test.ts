import { once } from 'node:events';
import { createRedisConnection } from '@bulwark/core/redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOf, describeKeyStoreContract } from '../../test/keys/key-store-contract.js';
import {
  describeWithRedis,
  TEST_REDIS_URL,
  uniquePrefix,
} from '../../test/keys/redis-test-support.js';
import { openKeyStore } from './open-key-store.js';
import { openRedisKeyStore } from './open-redis-key-store.js';
import { RedisKeyStore, type RedisConnection } from './redis-key-store.js';

const url = TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function ready(connection: RedisConnection): Promise<RedisConnection> {
  if (connection.status !== 'ready') await once(connection, 'ready');
  return connection;
}

/** Every key under a prefix with its value (or members) and TTL, as text. */
async function dumpPrefix(connection: RedisConnection, prefix: string): Promise<string> {
  const keys = await connection.keys(`${prefix}*`);
  const values = await Promise.all(
    keys.map(async (key) => {
      const type = await connection.type(key);
      const value =
        type === 'hash' ? await connection.hgetall(key)
        : type === 'set' ? await connection.smembers(key)
        : type === 'zset' ? await connection.zrange(key, '0', '-1', 'WITHSCORES')
        : await connection.get(key); // prettier-ignore
      return `${key} ${JSON.stringify(value)}`;
    }),
  );
  return values.join('\n');
}

describeWithRedis('Redis key store', () => {
  let inspect: RedisConnection;
  beforeAll(async () => {
    inspect = await ready(createRedisConnection({ url }));
  });
  afterAll(async () => {
    await inspect.quit();
  });

  describeKeyStoreContract('Redis', async () => {
    const keyPrefix = uniquePrefix();
    return {
      // A new connection each time: reopening is a reconnect.
      open: (now) => openRedisKeyStore({ url, keyPrefix, now }),
      dump: () => dumpPrefix(inspect, keyPrefix),
    };
  });

  it('never overspends with two connections (two instances) reserving at once', async () => {
    const keyPrefix = uniquePrefix();
    const [first, second] = await Promise.all([
      openRedisKeyStore({ url, keyPrefix }),
      openRedisKeyStore({ url, keyPrefix }),
    ]);
    await first.create('shared', { budgetUsd: 0.5 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (index % 2 === 0 ? first : second).reserve('shared', 0.01, 60_000),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.granted)).toHaveLength(50);
    expect(await second.usage('shared')).toMatchObject({ reservedUsd: 0.5, remainingUsd: 0 });
    await Promise.all([first.close(), second.close()]);
  });

  it('keeps every key under one hash tag, with a prefix, and reservations expiring in Redis too', async () => {
    const keyPrefix = uniquePrefix();
    const store = new RedisKeyStore({ connection: inspect, keyPrefix });
    await store.create('billing', { budgetUsd: 1 });
    await store.reserve('billing', 0.5, 30_000);
    const keys = await inspect.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`${keyPrefix}bulwark:{keys}:`)).toBe(true);
    const ttl = await inspect.pttl(`${keyPrefix}bulwark:{keys}:reservations:billing`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await store.close(); // not its connection: left open
    expect(inspect.status).toBe('ready');
  });

  it('opens from the configuration when BULWARK_REDIS_URL is set, whatever the state folder', async () => {
    const store = await openKeyStore({ stateDir: '/nonexistent/never-created', redisUrl: url });
    expect(store).toBeInstanceOf(RedisKeyStore);
    await store.close();
  });

  it('fails with key_store_unavailable, never showing the URL, when Redis does not answer', async () => {
    const failure = openRedisKeyStore({
      url: 'redis://:sk-test.password@127.0.0.1:1/0',
      timeoutMs: 500,
    });
    expect(await codeOf(failure)).toBe('key_store_unavailable');
    await expect(
      openRedisKeyStore({ url: 'redis://:sk-test.password@127.0.0.1:1/0', timeoutMs: 500 }),
    ).rejects.toThrow(/^The Redis key store is unreachable \(BULWARK_REDIS_URL\): (?!.*sk-test)/);
  });
});
