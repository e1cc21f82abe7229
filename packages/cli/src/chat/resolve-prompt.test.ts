import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/support/create-test-context.js';
import { resolvePrompt } from './resolve-prompt.js';

describe('resolvePrompt', () => {
  it('prefers the argument', async () => {
    const { context } = createTestContext({ stdin: 'ignored' });
    expect(await resolvePrompt('Hello', context)).toBe('Hello');
  });

  it('reads stdin when it is piped, dropping the final newline', async () => {
    const { context } = createTestContext({ stdin: 'line one\nline two\n' });
    expect(await resolvePrompt(undefined, context)).toBe('line one\nline two');
  });

  it('is a usage error with no argument and a terminal stdin, or an empty prompt', async () => {
    await expect(resolvePrompt(undefined, createTestContext().context)).rejects.toMatchObject({
      code: 'usage_error',
      exitCode: 2,
    });
    await expect(resolvePrompt(' ', createTestContext().context)).rejects.toThrow('empty');
    await expect(
      resolvePrompt(undefined, createTestContext({ stdin: '\n' }).context),
    ).rejects.toThrow('empty');
  });
});
