import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerError, TimeoutError } from '../errors/errors.js';
import type { AttemptAbort } from './attempt-abort.js';
import { createTimeoutPolicy } from './create-timeout-policy.js';

const never = new AbortController().signal;
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);

/** Work that never settles by itself (it ignores its signal), recording the signal. */
function hangingWork() {
  const signals: AttemptAbort[] = [];
  const work = vi.fn((signal: AttemptAbort) => {
    signals.push(signal);
    return new Promise<string>(() => undefined);
  });
  return { work, signal: () => signals[0] };
}

describe('createTimeoutPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails with a retryable TimeoutError at timeoutMs, even if the work ignores its signal, and aborts it', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    const hanging = hangingWork();
    const outcome = settle(step.execute(hanging.work, { signal: never }));
    await vi.advanceTimersByTimeAsync(999);
    expect(hanging.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).retryable).toBe(true);
    expect((error as TimeoutError).message).toContain('1000 ms');
    expect(hanging.signal()?.aborted).toBe(true);
    expect(hanging.signal()?.reason).toBe(error);
    expect(hanging.signal()?.signal.reason).toBe(error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with what mapError makes of each failure: of the work, the timeout and the abort', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    const mapError = vi.fn((error: unknown) => ({ mapped: error }));
    const workError = new ServerError({ message: 'upstream 500', status: 500 });
    const failed = step.execute(() => Promise.reject(workError), { signal: never, mapError });
    expect(await settle(failed)).toEqual({ mapped: workError });
    const timedOut = settle(step.execute(hangingWork().work, { signal: never, mapError }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(((await timedOut) as { mapped: unknown }).mapped).toBeInstanceOf(TimeoutError);
    const caller = new AbortController();
    const aborted = settle(step.execute(hangingWork().work, { signal: caller.signal, mapError }));
    caller.abort('gone');
    expect(await aborted).toEqual({ mapped: 'gone' });
    expect(mapError).toHaveBeenCalledTimes(3);
    const answered = await step.execute(() => Promise.resolve('ok'), { signal: never, mapError });
    expect(answered).toBe('ok');
    expect(mapError).toHaveBeenCalledTimes(3);
  });

  it('uses a per-call timeout instead of the default', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 60_000 });
    const hanging = hangingWork();
    const outcome = settle(step.execute(hanging.work, { signal: never, timeoutMs: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on success clears its timer, leaves the attempt signal alive and no listener on the outer signal', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    const caller = new AbortController();
    let attemptSignal: AttemptAbort | undefined;
    const result = await step.execute(
      (signal) => {
        attemptSignal = signal;
        return Promise.resolve('first chunk');
      },
      { signal: caller.signal },
    );
    expect(result).toBe('first chunk');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(attemptSignal?.aborted).toBe(false);
    caller.abort();
    expect(attemptSignal?.aborted).toBe(false);
  });

  it('aborts the signal of an attempt that failed, so its request is cancelled', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    let attemptSignal: AttemptAbort | undefined;
    const failure = new ServerError({ message: 'x', status: 500 });
    const error = await settle(
      step.execute(
        (signal) => {
          attemptSignal = signal;
          return Promise.reject(failure);
        },
        { signal: never },
      ),
    );
    expect(error).toBe(failure);
    expect(attemptSignal?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort of the outer signal ends the attempt at once and is not reported as a timeout', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    const outer = new AbortController();
    const hanging = hangingWork();
    const outcome = settle(step.execute(hanging.work, { signal: outer.signal }));
    await vi.advanceTimersByTimeAsync(10);
    outer.abort();
    const error = await outcome;
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(hanging.signal()?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts with an aborted signal when the outer signal is already aborted', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 1_000 });
    const caller = new AbortController();
    caller.abort();
    let seen: boolean | undefined;
    await settle(
      step.execute(
        (signal) => {
          seen = signal.aborted;
          return Promise.resolve('sent anyway');
        },
        { signal: caller.signal },
      ),
    );
    expect(seen).toBe(true);
  });

  it('leaves no listener on a long-lived outer signal, over many attempts that succeed, fail or time out', async () => {
    const step = createTimeoutPolicy({ timeoutMs: 100 });
    const caller = new AbortController();
    for (let index = 0; index < 30; index += 1) {
      await step.execute(() => Promise.resolve(index), { signal: caller.signal });
      await settle(step.execute(() => Promise.reject(new Error('no')), { signal: caller.signal }));
      const timedOut = settle(step.execute(hangingWork().work, { signal: caller.signal }));
      await vi.advanceTimersByTimeAsync(100);
      expect(await timedOut).toBeInstanceOf(TimeoutError);
    }
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
