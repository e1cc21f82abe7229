import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BulwarkClient } from '../src/client/bulwark-client.js';
import { createClient } from '../src/client/create-client.js';
import { isBulwarkError } from '../src/errors/bulwark-error.js';
import { describeWithRedis, TEST_REDIS_URL, uniquePrefix } from './redis-test-support.js';

// The account: 600 RPM and 30,000 TPM, enforced by the mock over the minute
// and over every second (10 requests, 500 tokens), as OpenAI does.
const ACCOUNT = { rpm: 600, tpm: 30_000 };
// Each instance is configured with 90 % of the account: the margin absorbs
// the network jitter between a grant and its arrival at the upstream, which
// the upstream's one-second windows would otherwise see as a burst.
const CONFIGURED = { rpm: 540, tpm: 27_000 };
const RUN_MS = 12_000;

describeWithRedis('two instances sharing one account’s limits through Redis (real time)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ rateLimit: ACCOUNT });
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    'stays under the enforcing upstream’s RPM/TPM budget together, with zero 429s',
    async () => {
      const keyPrefix = uniquePrefix();
      const open = (): BulwarkClient =>
        createClient({
          apiKey: 'sk-test-shared-limits',
          baseURL: server.url,
          redis: { url: TEST_REDIS_URL, keyPrefix },
          rateLimit: CONFIGURED,
          retry: { maxAttempts: 1 },
          cache: { store: 'off' },
          bulkhead: { maxConcurrent: 64, maxQueue: 1024 },
        });
      const instances = [open(), open()];
      await expect
        .poll(() => instances.map((client) => client.health().rateLimit?.backend))
        .toEqual(['redis', 'redis']);

      const upstream429s: unknown[] = [];
      let completed = 0;
      const deadline = Date.now() + RUN_MS;
      const worker = async (client: BulwarkClient, id: number) => {
        for (let index = 0; Date.now() < deadline; index += 1) {
          try {
            await client.chat.completions.create({
              model: 'gpt-4',
              // Two sizes of request, so that both the request and the token bucket bind.
              max_tokens: index % 2 === 0 ? 20 : 80,
              messages: [{ role: 'user', content: `worker ${id} question ${index}` }],
            });
            completed += 1;
          } catch (error) {
            const local = isBulwarkError(error) && (error as { local?: boolean }).local === true;
            if (isBulwarkError(error) && error.code === 'rate_limit_exceeded' && !local) {
              upstream429s.push(error);
            } else throw error;
          }
        }
      };
      const startedAt = Date.now();
      await Promise.all(
        instances.flatMap((client, instance) =>
          Array.from({ length: 8 }, (_, id) => worker(client, instance * 8 + id)),
        ),
      );
      const elapsedMs = Date.now() - startedAt;
      await Promise.all(instances.map((client) => client.close()));

      expect(upstream429s).toEqual([]);
      // Together, not each: one instance alone would be allowed up to 9 requests a second.
      const ceiling = (CONFIGURED.rpm / 60_000) * elapsedMs + 2;
      expect(completed).toBeLessThanOrEqual(ceiling);
      // And the budget was used: the shared buckets bound, not something else.
      const answered = server.mock.calls.length;
      expect(answered).toBe(completed);
      const tokensPerMinute = ((completed / 2) * (20 + 80 + 2 * 12) * 60_000) / elapsedMs;
      expect(Math.min(completed / ceiling, tokensPerMinute / CONFIGURED.tpm)).toBeGreaterThan(0.5);
    },
    RUN_MS + 15_000,
  );
});
