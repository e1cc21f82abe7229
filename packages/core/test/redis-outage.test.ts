import { createMockOpenAI } from '@bulwark/testing-mocks';
import { expect, it } from 'vitest';
import { createClient } from '../src/client/create-client.js';
import type { ClientEventMap } from '../src/events/client-events.js';
import {
  describeWithRedis,
  inspectRedis,
  startRedisServer,
  uniquePrefix,
} from './redis-test-support.js';

const ask = (content: string) => ({
  model: 'gpt-4',
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
});

describeWithRedis(
  'Redis killed mid-run, then restarted (own redis-server)',
  () => {
    it('keeps every call succeeding while Redis is gone, says so, and goes back to Redis when it returns', async () => {
      let server = await startRedisServer();
      const mock = createMockOpenAI();
      const keyPrefix = uniquePrefix();
      const client = createClient({
        fetch: mock.fetch,
        redis: { url: server.url, keyPrefix },
        cache: { store: 'redis' },
        rateLimit: { rpm: 6000 },
      });
      const fallbacks: ClientEventMap['rateLimiterFallback'][] = [];
      const cacheErrors: ClientEventMap['cacheError'][] = [];
      let hits = 0;
      client.on('rateLimiterFallback', (event) => fallbacks.push(event));
      client.on('cacheError', (event) => cacheErrors.push(event));
      client.on('cacheHit', () => (hits += 1));
      const hitAfter = async (content: string) => {
        const before = hits;
        await client.chat.completions.create(ask(content));
        return hits > before;
      };
      try {
        await expect.poll(() => client.health().rateLimit?.backend).toBe('redis');
        await expect.poll(() => hitAfter('before the outage')).toBe(true);

        await server.kill();
        // Calls go on: the cache degrades to misses, the limiter to local limits.
        const callsBefore = mock.calls.length;
        for (const content of ['before the outage', 'during the outage', 'during the outage']) {
          const answer = await client.chat.completions.create(ask(content));
          expect(answer.choices[0]?.message.content).toBe(content);
        }
        expect(mock.calls.length).toBe(callsBefore + 3);
        expect(cacheErrors.length).toBeGreaterThan(0);
        await expect.poll(() => client.health().rateLimit?.backend).toBe('local-fallback');
        expect(fallbacks[0]).toMatchObject({ active: true });

        server = await startRedisServer(server.port);
        await expect
          .poll(() => client.health().rateLimit?.backend, { timeout: 10_000 })
          .toBe('redis');
        expect(fallbacks.at(-1)).toEqual({ active: false, reason: undefined });
        // The cache is back in Redis: an answer is stored there and read back.
        await expect.poll(() => hitAfter('after the outage'), { timeout: 10_000 }).toBe(true);
        const inspect = inspectRedis(server.url);
        try {
          expect(await inspect.keys(`${keyPrefix}bulwark:v1:*`)).toHaveLength(1);
          expect(await inspect.keys(`${keyPrefix}bulwark:rate-limit:*`)).not.toHaveLength(0);
        } finally {
          inspect.disconnect();
        }
      } finally {
        await client.close();
        await server.kill();
      }
    }, 30_000);
  },
  { server: true },
);
