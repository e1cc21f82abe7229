import { describe, expect, it, vi } from 'vitest';
import { AttemptAbort } from './attempt-abort.js';

describe('AttemptAbort', () => {
  it('emits abort once, with the reason set first', () => {
    const abort = new AttemptAbort();
    const reason = new Error('timed out');
    const seen: unknown[] = [];
    abort.once('abort', () => seen.push(abort.reason));
    expect(abort.aborted).toBe(false);
    abort.abort(reason);
    abort.abort(new Error('later'));
    expect(abort.aborted).toBe(true);
    expect(seen).toEqual([reason]);
  });

  it('makes its signal on first read, following the abort from then on', () => {
    const abort = new AttemptAbort();
    const signal = abort.signal;
    expect(abort.signal).toBe(signal);
    const listener = vi.fn();
    signal.addEventListener('abort', listener);
    expect(signal.aborted).toBe(false);
    const reason = new Error('cancelled');
    abort.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('hands out an already aborted signal when read after the abort', () => {
    const abort = new AttemptAbort();
    const reason = new Error('failed');
    abort.abort(reason);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it('without a reason, aborts with an AbortError DOMException, as AbortController does', () => {
    const abort = new AttemptAbort();
    abort.abort();
    expect(abort.reason).toBeInstanceOf(DOMException);
    expect((abort.reason as DOMException).name).toBe('AbortError');
    expect(abort.signal.reason).toBe(abort.reason);
  });
});
