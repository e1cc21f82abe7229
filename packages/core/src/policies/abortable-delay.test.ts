import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { abortableDelay } from './abortable-delay.js';

describe('abortableDelay', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay and leaves no timer', async () => {
    const signal = new AbortController().signal;
    let done = false;
    const waiting = abortableDelay(1_000, signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the abort reason at once and clears its timer', async () => {
    const controller = new AbortController();
    const waiting = abortableDelay(60_000, controller.signal).catch((error: unknown) => error);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    expect(await waiting).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without a timer when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort('gone');
    await expect(abortableDelay(10, controller.signal)).rejects.toBe('gone');
    expect(vi.getTimerCount()).toBe(0);
  });
});
