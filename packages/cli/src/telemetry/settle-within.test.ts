import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settleWithin } from './settle-within.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('settleWithin', () => {
  it('is true once the work settles in time, fulfilled or rejected', async () => {
    await expect(settleWithin(Promise.resolve('done'), 1000)).resolves.toBe(true);
    await expect(settleWithin(Promise.reject(new Error('failed')), 1000)).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is false once the wait runs out', async () => {
    const result = settleWithin(new Promise(() => {}), 5000);
    await vi.advanceTimersByTimeAsync(4999);
    let settled = false;
    void result.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe(false);
  });
});
