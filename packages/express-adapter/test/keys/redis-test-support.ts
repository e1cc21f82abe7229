import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';

/**
 * Where the Redis tests run: `BULWARK_TEST_REDIS_URL` (`.ci/run` starts a
 * server and sets it). Without it they are skipped locally, with the reason
 * printed, and they fail under `CI=true`, where Redis must be available.
 */
export const TEST_REDIS_URL = process.env['BULWARK_TEST_REDIS_URL'];
const IN_CI = (process.env['CI'] ?? 'false') !== 'false' && process.env['CI'] !== '';

/** `describe` for tests that need a real Redis: skipped without one, failing in CI. */
export function describeWithRedis(name: string, body: () => void): void {
  const reason =
    'BULWARK_TEST_REDIS_URL is not set; these tests need a real Redis (install redis-server and run `BULWARK_TEST_REDIS_URL=redis://127.0.0.1:6379 npm test`)';
  if (TEST_REDIS_URL === undefined && IN_CI) {
    describe(name, () => {
      it('has the Redis that CI must provide', () => {
        throw new Error(`CI is set but ${reason}`);
      });
    });
    return;
  }
  if (TEST_REDIS_URL === undefined) console.warn(`Skipping the Redis tests: ${reason}`);
  describe.skipIf(TEST_REDIS_URL === undefined)(name, body);
}

/** A key prefix no other test uses, so that tests sharing one Redis never meet. */
export function uniquePrefix(): string {
  return `bulwark-test:${randomUUID()}:`;
}
