import { randomUUID } from 'node:crypto';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
  TEST_KEY,
} from './support/run-bulwark.js';

// Real Redis only: `.ci/run` sets BULWARK_TEST_REDIS_URL; locally these tests
// are skipped with the reason printed, and under CI=true they fail instead.
const REDIS_URL = process.env['BULWARK_TEST_REDIS_URL'];
const IN_CI = (process.env['CI'] ?? 'false') !== 'false' && process.env['CI'] !== '';
const MISSING =
  'BULWARK_TEST_REDIS_URL is not set; these tests need a real Redis (install redis-server and run `BULWARK_TEST_REDIS_URL=redis://127.0.0.1:6379 npm test`)';
if (REDIS_URL === undefined && !IN_CI) console.warn(`Skipping the Redis tests: ${MISSING}`);
if (REDIS_URL === undefined && IN_CI) {
  it('has the Redis that CI must provide', () => {
    throw new Error(`CI is set but ${MISSING}`);
  });
}

describe.skipIf(REDIS_URL === undefined)('two bulwark serve processes sharing one Redis', () => {
  let server: MockServer;
  beforeAll(async () => {
    assertBuilt();
    server = await startMockServer();
  });
  afterEach(killLeftovers);
  afterAll(async () => {
    await server.close();
  });

  const serve = async () => {
    const port = await freePort();
    const gateway = startBulwark(['serve', '--port', String(port)], {
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: server.url,
        BULWARK_CACHE: 'redis',
        BULWARK_REDIS_URL: REDIS_URL,
        BULWARK_RPM: '6000',
        BULWARK_LOG_LEVEL: 'warn',
      },
    });
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        () =>
          fetch(`${base}/readyz`).then(
            (response) => response.json(),
            () => undefined,
          ),
        { timeout: 15_000 },
      )
      .toEqual({ status: 'ready', circuit: 'closed', redis: 'ready', rateLimit: 'redis' });
    return { base, gateway };
  };

  it('answers from the shared cache on the second process: the upstream sees one call', async () => {
    const [first, second] = [await serve(), await serve()];
    const content = `shared through Redis ${randomUUID()}`;
    const ask = (base: string) =>
      fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gpt-4',
          temperature: 0,
          messages: [{ role: 'user', content }],
        }),
      });
    const upstreamCalls = () =>
      server.mock.calls.filter((call) => JSON.stringify(call.body).includes(content)).length;

    const miss = await ask(first.base);
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-bulwark-cache')).toBe('miss');
    // The entry is written in the background: once the first process reads it back, it is in Redis.
    await expect
      .poll(() => ask(first.base).then((response) => response.headers.get('x-bulwark-cache')))
      .toBe('hit');
    const hit = await ask(second.base);
    expect(hit.headers.get('x-bulwark-cache')).toBe('hit');
    const body = (await hit.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe(content);
    expect(upstreamCalls()).toBe(1);
    for (const { gateway } of [first, second]) gateway.child.kill('SIGTERM');
    expect((await first.gateway.exited).code).toBe(0);
    expect((await second.gateway.exited).code).toBe(0);
  }, 40_000);

  it('bulwark doctor checks Redis with a PING', async () => {
    const result = await runBulwark(['doctor'], {
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: server.url,
        BULWARK_REDIS_URL: REDIS_URL,
        BULWARK_CACHE: 'redis',
      },
    });
    expect(result.stdout).toMatch(/✓ redis: redis:\/\/[^ ]+ answered PING in \d+ ms/);
    expect(result.stdout).toContain('shared     rate limits and cache through Redis');
    expect(result.code).toBe(0);
  }, 20_000);
});
