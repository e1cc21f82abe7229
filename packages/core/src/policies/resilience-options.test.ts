import { describe, expect, it } from 'vitest';
import { RESILIENCE_DEFAULTS, resolveResilienceOptions } from './resilience-options.js';

describe('resolveResilienceOptions', () => {
  it('fills in the documented defaults, backoff included', () => {
    const resolved = resolveResilienceOptions();
    expect(resolved.deadlineMs).toBeUndefined();
    expect(resolved).toMatchObject({
      timeoutMs: 60_000,
      retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 },
      circuitBreaker: { threshold: 5, halfOpenAfterMs: 30_000 },
      bulkhead: { maxConcurrent: 32, maxQueue: 256 },
      random: Math.random,
      beforeAttempt: undefined,
    });
    expect(RESILIENCE_DEFAULTS.retry.maxAttempts).toBe(4);
  });

  it('keeps what the caller set and defaults the rest of a group', () => {
    const random = (): number => 0.5;
    const resolved = resolveResilienceOptions({
      timeoutMs: 5_000,
      deadlineMs: 20_000,
      retry: { maxAttempts: 2 },
      bulkhead: { maxQueue: 0 },
      random,
    });
    expect(resolved.timeoutMs).toBe(5_000);
    expect(resolved.deadlineMs).toBe(20_000);
    expect(resolved.retry).toEqual({ maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 20_000 });
    expect(resolved.bulkhead).toEqual({ maxConcurrent: 32, maxQueue: 0 });
    expect(resolved.random).toBe(random);
  });

  it.each([
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ retry: { maxAttempts: 1.5 } }, 'retry.maxAttempts'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
    [{ timeoutMs: 3_000_000_000 }, 'timeoutMs'],
    [{ deadlineMs: -1 }, 'deadlineMs'],
    [{ circuitBreaker: { threshold: 0 } }, 'circuitBreaker.threshold'],
    [{ bulkhead: { maxConcurrent: 0 } }, 'bulkhead.maxConcurrent'],
    [{ bulkhead: { maxQueue: -1 } }, 'bulkhead.maxQueue'],
    [{ retry: { baseDelayMs: Number.NaN } }, 'retry.baseDelayMs'],
  ])('rejects %j naming %s', (options, name) => {
    expect(() => resolveResilienceOptions(options)).toThrow(RangeError);
    expect(() => resolveResilienceOptions(options)).toThrow(name);
  });
});
