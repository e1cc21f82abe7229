import { describe, expect, it } from 'vitest';
import { returnCallAbort, takeCallAbort } from './call-abort-pool.js';

describe('call abort pool', () => {
  it('hands a returned controller, unaborted and without listeners, to the next call', () => {
    const first = takeCallAbort();
    returnCallAbort(first);
    expect(takeCallAbort()).toBe(first);
  });

  it('never hands out an aborted controller again', () => {
    const aborted = takeCallAbort();
    aborted.abort(new Error('The client disconnected'));
    returnCallAbort(aborted);
    const next = takeCallAbort();
    expect(next).not.toBe(aborted);
    expect(next.signal.aborted).toBe(false);
  });

  it('keeps no controller whose signal someone still listens to', () => {
    const held = takeCallAbort();
    const listener = () => undefined;
    held.signal.addEventListener('abort', listener);
    returnCallAbort(held);
    expect(takeCallAbort()).not.toBe(held);
    held.signal.removeEventListener('abort', listener);
  });

  it('takes no controller when the call had none', () => {
    expect(() => returnCallAbort(undefined)).not.toThrow();
  });
});
