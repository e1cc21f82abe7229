import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPollBackoff, POLL_BACKOFF_DEFAULTS, sleep } from './poll-backoff.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createPollBackoff', () => {
  it('starts within 2 s, grows by 1.5 and stops at the 60 s cap', () => {
    const backoff = createPollBackoff();
    const waits = Array.from({ length: 14 }, () => backoff.next());
    expect(waits[0]).toBeLessThanOrEqual(2000);
    expect(waits.slice(0, 4)).toEqual([1000, 1500, 2250, 3375]);
    expect(Math.max(...waits)).toBe(POLL_BACKOFF_DEFAULTS.maxMs);
    expect(waits.at(-1)).toBe(60_000);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  it('takes its own first wait, factor and cap', () => {
    const backoff = createPollBackoff({ initialMs: 20, factor: 2, maxMs: 50 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      20, 40, 50, 50,
    ]);
  });
});

describe('sleep', () => {
  it('waits on the timers, and ends early when the signal aborts', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1000, new AbortController().signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);

    const controller = new AbortController();
    const cut = sleep(60_000, controller.signal);
    controller.abort();
    await cut;
    expect(vi.getTimerCount()).toBe(0);
  });
});
