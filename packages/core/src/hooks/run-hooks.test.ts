import { describe, expect, it } from 'vitest';
import { HookError } from '../errors/errors.js';
import { isBulwarkError } from '../errors/bulwark-error.js';
import { runHooks } from './run-hooks.js';

const context = { callId: 'c1', signal: undefined };

describe('runHooks', () => {
  it('runs hooks in order, each on the previous result, keeping the value on undefined', async () => {
    const result = await runHooks<string[]>(
      'beforeRequest',
      [async (value) => [...value, 'a'], () => undefined, (value) => [...value, 'b']],
      [],
      context,
    );
    expect(result).toEqual(['a', 'b']);
  });

  it('fails with a HookError whose cause is the hook’s error', async () => {
    const failure = new Error('hook broke');
    const error = await runHooks<number>(
      'afterResponse',
      [(value) => value + 1, async () => Promise.reject(failure)],
      1,
      context,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HookError);
    expect(isBulwarkError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'hook_failed',
      hook: 'afterResponse',
      index: 1,
      retryable: false,
    });
    expect((error as HookError).cause).toBe(failure);
  });
});
