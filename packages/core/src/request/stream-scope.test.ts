import { describe, expect, it, vi } from 'vitest';
import type { KindContext } from './call-kind.js';
import { streamScope } from './stream-scope.js';

function fakeRuntime() {
  const tracked = new Set<AbortController>();
  const runtime = {
    trackStream(controller: AbortController) {
      tracked.add(controller);
      return () => tracked.delete(controller);
    },
  } as unknown as KindContext['runtime'];
  return { runtime, tracked };
}

describe('streamScope', () => {
  it('lets go of the client and the caller signal once its controller aborts', () => {
    const { runtime, tracked } = fakeRuntime();
    const caller = new AbortController();
    const removed = vi.spyOn(caller.signal, 'removeEventListener');
    const scope = streamScope(runtime, caller.signal);
    expect(tracked.size).toBe(1);
    scope.controller?.abort(new Error('stopped'));
    expect(tracked.size).toBe(0);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(scope.signal?.aborted).toBe(true);
  });

  it('follows the caller signal, and runs each clean-up once, at once when already aborted', () => {
    const { runtime, tracked } = fakeRuntime();
    const caller = new AbortController();
    const scope = streamScope(runtime, caller.signal);
    const cleanUp = vi.fn();
    scope.whenAborted?.(cleanUp);
    caller.abort('gone');
    scope.controller?.abort('again');
    expect(scope.signal?.reason).toBe('gone');
    expect(cleanUp).toHaveBeenCalledTimes(1);
    expect(tracked.size).toBe(0);
    const late = vi.fn();
    scope.whenAborted?.(late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('is aborted from the start when the caller signal already is', () => {
    const { runtime, tracked } = fakeRuntime();
    const scope = streamScope(runtime, AbortSignal.abort('early'));
    expect(scope.signal?.aborted).toBe(true);
    expect(tracked.size).toBe(0);
  });
});
