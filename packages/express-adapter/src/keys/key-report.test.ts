import { describe, expect, it } from 'vitest';
import { applyKeyLimits, DEFAULT_KEY_LIMITS } from './key-limits.js';
import { toKeyReport } from './key-report.js';
import { KeyStoreError } from './key-store-error.js';
import { LastUsedThrottle } from './last-used-throttle.js';

describe('toKeyReport', () => {
  it('shows limits and usage as JSON: ISO times, null for what is not set, never the key', () => {
    const record = {
      id: 'record-1',
      name: 'billing',
      limits: {
        ...DEFAULT_KEY_LIMITS,
        rpm: 60,
        budgetUsd: 5,
        models: ['gpt-4o'],
        expiresAt: Date.UTC(2027, 0, 1),
      },
      createdAt: 0,
      updatedAt: 0,
      lastUsedAt: null,
    };
    const usage = {
      spendUsd: 1.25,
      reservedUsd: 0.5,
      remainingUsd: 3.25,
      periodStart: Date.UTC(2026, 10, 1),
      periodEnd: Date.UTC(2026, 11, 1),
    };
    expect(toKeyReport(record, usage)).toEqual({
      name: 'billing',
      limits: {
        rpm: 60,
        tpm: null,
        budgetUsd: 5,
        budgetPeriod: 'month',
        models: ['gpt-4o'],
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
      spendUsd: 1.25,
      reservedUsd: 0.5,
      remainingUsd: 3.25,
      periodStart: '2026-11-01T00:00:00.000Z',
    });
  });
});

describe('applyKeyLimits', () => {
  it('defaults to no limits and a monthly period', () => {
    expect(applyKeyLimits({})).toEqual(DEFAULT_KEY_LIMITS);
  });

  it('names the bad field', () => {
    expect(() => applyKeyLimits({ budgetUsd: 1e12 })).toThrow(KeyStoreError);
    expect(() => applyKeyLimits({ budgetUsd: 1e12 })).toThrow(/^Invalid key limit budgetUsd: /);
    expect(() => applyKeyLimits({ rpm: -1 })).toThrow(/^Invalid key limit rpm: /);
  });
});

describe('LastUsedThrottle', () => {
  it('lets one write a second through per key, and again after forget or a clock going back', () => {
    const throttle = new LastUsedThrottle(1000);
    expect(throttle.shouldWrite('a', 5000)).toBe(true);
    expect(throttle.shouldWrite('a', 5999)).toBe(false);
    expect(throttle.shouldWrite('b', 5999)).toBe(true);
    expect(throttle.shouldWrite('a', 6000)).toBe(true);
    throttle.forget('a');
    expect(throttle.shouldWrite('a', 6001)).toBe(true);
    expect(throttle.shouldWrite('a', 100)).toBe(true);
  });
});
