import { beforeEach, describe, expect, it } from 'vitest';
import type { KeyRateLimiter } from '../../src/keys/index.js';
import { testClock } from './key-store-contract.js';

/**
 * The behaviour every `KeyRateLimiter` must have: any 60 s window holds at
 * most the limit, bursts allowed, and a refusal says when to come back.
 *
 * @param name - the implementation.
 * @param create - a fresh limiter on the clock given.
 */
export function describeKeyRateLimiterContract(
  name: string,
  create: (now: () => number) => Promise<KeyRateLimiter>,
): void {
  describe(`${name} per-key rate limiter`, () => {
    let clock: ReturnType<typeof testClock>;
    let limiter: KeyRateLimiter;
    beforeEach(async () => {
      clock = testClock(Date.UTC(2026, 10, 30, 12));
      limiter = await create(clock.now);
    });

    it('admits a burst up to rpm, refuses the next until the first leaves the window', async () => {
      const limits = { rpm: 3, tpm: null };
      for (let index = 0; index < 3; index += 1) {
        expect((await limiter.admit('a', limits, 0)).admitted).toBe(true);
        clock.advance(10_000);
      }
      // t = 30 s: the first request (t = 0) leaves the window at t = 60 s.
      expect(await limiter.admit('a', limits, 0)).toEqual({
        admitted: false,
        limit: 'rpm',
        retryAfterMs: 30_000,
      });
      expect((await limiter.admit('b', limits, 0)).admitted).toBe(true);
      clock.advance(30_000);
      expect((await limiter.admit('a', limits, 0)).admitted).toBe(true);
      expect((await limiter.admit('a', limits, 0)).admitted).toBe(false);
    });

    it('counts tokens: the expected ones, replaced by the true ones', async () => {
      const limits = { rpm: null, tpm: 1000 };
      const first = await limiter.admit('a', limits, 600);
      if (!first.admitted) throw new Error('refused');
      clock.advance(1000);
      expect(await limiter.admit('a', limits, 500)).toMatchObject({
        admitted: false,
        limit: 'tpm',
        retryAfterMs: 59_000,
      });
      await limiter.record(first.ticket, 100);
      expect((await limiter.admit('a', limits, 500)).admitted).toBe(true);
      expect((await limiter.admit('a', limits, 401)).admitted).toBe(false);
      expect((await limiter.admit('a', limits, 400)).admitted).toBe(true);
    });

    it('admits one request above the token limit when the window is empty', async () => {
      const limits = { rpm: null, tpm: 100 };
      expect((await limiter.admit('a', limits, 5000)).admitted).toBe(true);
      expect((await limiter.admit('a', limits, 1)).admitted).toBe(false);
      clock.advance(60_000);
      expect((await limiter.admit('a', limits, 1)).admitted).toBe(true);
    });

    it('checks both limits, and counts nothing for a key without limits', async () => {
      const both = { rpm: 2, tpm: 100 };
      expect((await limiter.admit('a', both, 60)).admitted).toBe(true);
      expect(await limiter.admit('a', both, 60)).toMatchObject({ admitted: false, limit: 'tpm' });
      expect((await limiter.admit('a', both, 40)).admitted).toBe(true);
      expect(await limiter.admit('a', both, 0)).toMatchObject({ admitted: false, limit: 'rpm' });
      for (let index = 0; index < 100; index += 1) {
        expect((await limiter.admit('free', { rpm: null, tpm: null }, 1e6)).admitted).toBe(true);
      }
    });

    it('never admits more than rpm of many concurrent requests', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => limiter.admit('a', { rpm: 7, tpm: null }, 0)),
      );
      expect(outcomes.filter((outcome) => outcome.admitted)).toHaveLength(7);
    });
  });
}
