import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, expect, it } from 'vitest';
import { createClient } from '../src/client/create-client.js';
import type { BulwarkClient } from '../src/client/bulwark-client.js';
import type { ClientEventMap } from '../src/events/client-events.js';
import { describeWithRedis, freePort, TEST_REDIS_URL, uniquePrefix } from './redis-test-support.js';

const clients: BulwarkClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** Calls until a lookup reaches Redis without a cacheError (the connection is ready). */
async function warmUp(client: BulwarkClient): Promise<void> {
  await expect
    .poll(async () => {
      let failed = false;
      const off = client.on('cacheError', () => (failed = true));
      await client.chat.completions.create(ask(`warm-up ${Math.random()}`));
      off();
      return failed;
    })
    .toBe(false);
}

const ask = (content: string) => ({
  model: 'gpt-4',
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
});

describeWithRedis('createClient with Redis (real Redis)', () => {
  it('shares cache hits between two instances: the second identical call never goes upstream', async () => {
    const mock = createMockOpenAI();
    const keyPrefix = uniquePrefix();
    const open = () => {
      const client = createClient({
        fetch: mock.fetch,
        redis: { url: TEST_REDIS_URL, keyPrefix },
        cache: { store: 'redis' },
      });
      clients.push(client);
      return client;
    };
    const [first, second] = [open(), open()];
    // Redis commands fail fast (a miss) until the connection is ready: wait as a warm-up would.
    for (const client of [first, second]) await warmUp(client);
    const hits = { first: 0, second: 0 };
    first.on('cacheHit', () => (hits.first += 1));
    second.on('cacheHit', () => (hits.second += 1));
    const asked = () => mock.calls.filter((call) => JSON.stringify(call.body).includes('Shared'));
    await first.chat.completions.create(ask('Shared across instances'));
    // The entry is written in the background; once the first instance reads it back, it is in Redis.
    await expect
      .poll(() =>
        first.chat.completions.create(ask('Shared across instances')).then(() => hits.first),
      )
      .toBeGreaterThan(0);
    const answer = await second.chat.completions.create(ask('Shared across instances'));
    expect(answer.choices[0]?.message.content).toBe('Shared across instances');
    expect(hits.second).toBe(1);
    expect(asked()).toHaveLength(1);
    expect(second.health().cache).toMatchObject({ entries: undefined, bytes: undefined });
  });

  it('shares the rate limits: with Redis and an RPM, health reports the redis backend', async () => {
    const client = createClient({
      fetch: createMockOpenAI().fetch,
      redis: { url: TEST_REDIS_URL, keyPrefix: uniquePrefix() },
      rateLimit: { rpm: 600 },
    });
    clients.push(client);
    await expect.poll(() => client.health().rateLimit?.backend).toBe('redis');
    await client.chat.completions.create(ask('limited'));
    expect(client.health()).toMatchObject({
      redis: 'ready',
      rateLimit: { backend: 'redis', requests: { limit: 600 } },
    });
  });
});

it('keeps answering when its Redis is unreachable: cache misses with cacheError events, local limits', async () => {
  const mock = createMockOpenAI();
  const client = createClient({
    fetch: mock.fetch,
    redis: { url: `redis://127.0.0.1:${await freePort()}` },
    cache: { store: 'redis' },
    rateLimit: { rpm: 6000 },
  });
  clients.push(client);
  const errors: ClientEventMap['cacheError'][] = [];
  const fallbacks: ClientEventMap['rateLimiterFallback'][] = [];
  client.on('cacheError', (event) => errors.push(event));
  client.on('rateLimiterFallback', (event) => fallbacks.push(event));
  for (let index = 0; index < 2; index += 1) {
    const answer = await client.chat.completions.create(ask('Still answered'));
    expect(answer.choices[0]?.message.content).toBe('Still answered');
  }
  expect(mock.calls).toHaveLength(2);
  expect(errors.map((event) => event.operation)).toContain('get');
  await expect.poll(() => fallbacks.length).toBeGreaterThan(0);
  expect(fallbacks[0]).toMatchObject({ active: true, reason: expect.any(String) });
  expect(client.health()).toMatchObject({
    redis: 'unavailable',
    rateLimit: { backend: 'local-fallback' },
  });
});

it('refuses cache.store redis without Redis, and a URL that is not redis:, naming the option', () => {
  const fetch = createMockOpenAI().fetch;
  expect(() => createClient({ fetch, cache: { store: 'redis' } })).toThrow(/cache\.store/);
  expect(() => createClient({ fetch, redis: { url: 'http://user:hunter2@cache:6379' } })).toThrow(
    /redis\.url: expected a redis:\/\/ or rediss:\/\/ URL/,
  );
  try {
    createClient({ fetch, redis: { url: 'http://user:hunter2@cache:6379' } });
  } catch (error) {
    expect(String(error)).not.toContain('hunter2');
  }
});
