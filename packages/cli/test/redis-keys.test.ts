import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
  temporaryFolder,
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

describe.skipIf(REDIS_URL === undefined)(
  'bulwark keys on Redis (BULWARK_REDIS_URL)',
  { timeout: 20_000 },
  () => {
    // The CLI writes without a prefix: unique names keep runs sharing one Redis apart.
    const name = `cli-test-${randomUUID().slice(0, 8)}`;
    const env = { BULWARK_REDIS_URL: REDIS_URL, BULWARK_STATE_DIR: '/nonexistent/unused' };
    beforeAll(assertBuilt);
    afterEach(killLeftovers);
    afterAll(async () => {
      await runBulwark(['keys', 'revoke', name], { env });
    });

    it('creates, lists, updates and revokes a key in Redis; no state folder is touched', async () => {
      const cwd = temporaryFolder();
      const created = await runBulwark(['keys', 'create', '--name', name, '--budget-usd', '2'], {
        cwd,
        env,
      });
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^bwk_[0-9A-Za-z]{32}\n$/);
      expect(created.stderr).toMatch(/in Redis at redis:\/\/127\.0\.0\.1:\d+\./);

      // Another process (another gateway host) sees it.
      const updated = await runBulwark(['keys', 'update', name, '--budget-period', 'day'], { env });
      expect(updated.code).toBe(0);
      const listed = await runBulwark(['keys', 'list', '--json'], { env });
      const mine = (JSON.parse(listed.stdout) as { name: string }[]).find(
        (key) => key.name === name,
      );
      expect(mine).toMatchObject({
        limits: { budgetUsd: 2, budgetPeriod: 'day' },
        spendUsd: 0,
        remainingUsd: 2,
      });

      expect((await runBulwark(['keys', 'revoke', name], { env })).code).toBe(0);
      const gone = await runBulwark(['keys', 'update', name, '--rpm', '1'], { env });
      expect(gone.code).toBe(2);
      expect(gone.stderr).toContain('[unknown_key]');
    });

    it('bulwark serve enforces the keys in Redis, and reports their spend', async () => {
      const served = `${name}-served`;
      const key = (
        await runBulwark(['keys', 'create', '--name', served, '--budget-usd', '1'], { env })
      ).stdout.trim();
      const port = await freePort();
      const serve = startBulwark(['serve', '--port', String(port)], { env });
      try {
        await expect.poll(() => serve.stdout(), { timeout: 10_000 }).toContain('listening on');
        expect(serve.stdout()).toMatch(/Gateway keys: \d+ in the key store in Redis at redis:\/\//);
        const base = `http://127.0.0.1:${port}/v1`;
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
        const answer = await fetch(`${base}/chat/completions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        expect(answer.status).toBe(200);
        const report = (await (await fetch(`${base}/bulwark/key`, { headers })).json()) as {
          name: string;
          spendUsd: number;
        };
        expect(report).toMatchObject({ name: served });
        expect(report.spendUsd).toBeGreaterThan(0);
      } finally {
        serve.child.kill('SIGTERM');
        await serve.exited;
        await runBulwark(['keys', 'revoke', served], { env });
      }
    });
  },
);
