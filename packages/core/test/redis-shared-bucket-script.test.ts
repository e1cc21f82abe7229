import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSharedBucketScript, type SharedBucketCall } from '../src/redis/shared-bucket-script.js';
import { describeWithRedis, inspectRedis, uniquePrefix } from './redis-test-support.js';

describeWithRedis('the shared bucket Lua script (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = inspectRedis();
  });
  afterAll(() => {
    redis.disconnect();
  });

  const buckets = (limits: { rpm?: number; tpm?: number; burstFraction?: number } = {}) => {
    const prefix = uniquePrefix();
    const keys = [`${prefix}requests`, `${prefix}tokens`, `${prefix}pause`] as const;
    const call = (
      operation: SharedBucketCall['operation'],
      amounts: SharedBucketCall['amounts'],
      learned?: SharedBucketCall['learned'],
    ) =>
      runSharedBucketScript(redis, {
        keys,
        operation,
        rpm: limits.rpm ?? 0,
        tpm: limits.tpm ?? 0,
        burstFraction: limits.burstFraction ?? 1 / 6000,
        amounts,
        learned,
        idleMs: 120_000,
      });
    return { keys, call };
  };

  it('grants from a full bucket, then refuses with the wait the refill needs', async () => {
    // 6,000 RPM, burst 0.01: capacity 60, refill 0.1 per ms (slow enough that the time
    // between the two calls on a busy machine barely shows).
    const { call } = buckets({ rpm: 6_000, burstFraction: 0.01 });
    const first = await call('take', [60, 0]);
    expect(first.granted).toBe(true);
    expect(first.requests?.capacity).toBe(60);
    expect(first.requests?.level).toBeLessThan(1);
    const refused = await call('take', [30, 0]);
    expect(refused.granted).toBe(false);
    expect(refused.limit).toBe('requests');
    // About 300 ms of refill missing (less whatever refilled between the two calls).
    expect(refused.waitMs).toBeGreaterThan(150);
    expect(refused.waitMs).toBeLessThanOrEqual(300);
  });

  it('lets a cost above the capacity go from a full bucket and leaves it in debt', async () => {
    const { call } = buckets({ tpm: 6000, burstFraction: 0.01 }); // capacity 60 tokens
    const large = await call('take', [1, 500]);
    expect(large.granted).toBe(true);
    expect(large.tokens?.level).toBeLessThan(-430);
    const next = await call('take', [1, 10]);
    expect(next.granted).toBe(false);
    expect(next.limit).toBe('tokens');
    // 450 tokens of debt plus 10 at 0.1 token per ms: about 4.5 s.
    expect(next.waitMs).toBeGreaterThan(4000);
  });

  it('gives back through adjust, never above the capacity, and takes more with a negative amount', async () => {
    const { call } = buckets({ tpm: 6000, burstFraction: 0.01 });
    await call('take', [1, 60]);
    const given = await call('adjust', [0, 1000]);
    expect(given.tokens?.level).toBe(60);
    const taken = await call('adjust', [0, -100]);
    expect(taken.tokens?.level).toBeLessThan(-39);
    expect(taken.tokens?.level).toBeGreaterThan(-41);
  });

  it('lowers the level to an upstream remaining count and the limit to a smaller upstream limit', async () => {
    const { call } = buckets({ rpm: 60_000, burstFraction: 0.001 });
    const lowered = await call('lower', [5, undefined], [30_000, undefined]);
    expect(lowered.requests?.limit).toBe(30_000);
    expect(lowered.requests?.capacity).toBe(30);
    expect(lowered.requests?.level).toBeCloseTo(5, 0);
    const higher = await call('lower', [1000, undefined], [90_000, undefined]);
    // The upstream's latest word counts, never above the configured limit; a
    // larger remaining count never raises the level.
    expect(higher.requests?.limit).toBe(60_000);
    expect(higher.requests?.level).toBeLessThan(40);
  });

  it('holds every take while the shared pause lasts, and keeps the longer of two pauses', async () => {
    const { call, keys } = buckets({ rpm: 600 });
    await call('pause', [2000, undefined]);
    await call('pause', [500, undefined]);
    expect(await redis.pttl(keys[2])).toBeGreaterThan(1500);
    const held = await call('take', [1, 0]);
    expect(held).toMatchObject({ granted: false, limit: 'upstream' });
    expect(held.waitMs).toBeGreaterThan(1500);
  });

  it('stores the buckets with an idle expiry, and answers from the Redis clock', async () => {
    const { call, keys } = buckets({ rpm: 600, tpm: 1000 });
    const reply = await call('take', [1, 10]);
    const [seconds] = await redis.time();
    expect(Math.abs(reply.now - Number(seconds) * 1000)).toBeLessThan(2000);
    expect(await redis.pttl(keys[0])).toBeGreaterThan(100_000);
    expect(await redis.hget(keys[1], 'level')).not.toBeNull();
  });
});
