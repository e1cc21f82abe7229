import {
  AbortError,
  ConfigError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { UsageError } from './usage-error.js';

describe('describeError', () => {
  it('exits 2 for a configuration error and names every bad variable on one line', () => {
    const error = new ConfigError({
      issues: [
        { name: 'BULWARK_RPM', message: 'expected a whole number ≥ 0' },
        { name: 'OPENAI_BASE_URL', message: 'https: required' },
      ],
    });
    const description = describeError(error);
    expect(description).toEqual({
      code: 'invalid_config',
      message:
        'Invalid configuration: BULWARK_RPM: expected a whole number ≥ 0; OPENAI_BASE_URL: https: required',
      exitCode: EXIT_CODES.usage,
    });
  });

  it('exits 2 for a request that fails validation before anything is sent', () => {
    const error = new ValidationError({ message: 'temperature: too big', issues: [] });
    expect(describeError(error).exitCode).toBe(EXIT_CODES.usage);
  });

  it('exits 1 for upstream errors and shows the request id', () => {
    const error = new RateLimitError({ message: 'Rate limit reached', requestId: 'req_42' });
    expect(describeError(error)).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached (request req_42)',
      exitCode: EXIT_CODES.failure,
    });
    expect(describeError(new ServerError({ message: 'boom' })).exitCode).toBe(1);
  });

  it('exits 130 when the call was aborted', () => {
    expect(describeError(new AbortError({ message: 'aborted' })).exitCode).toBe(130);
  });

  it('keeps the exit code of the CLI’s own errors and treats anything else as a failure', () => {
    expect(describeError(new UsageError('no prompt'))).toEqual({
      code: 'usage_error',
      message: 'no prompt',
      exitCode: 2,
    });
    expect(describeError(new Error('disk full'))).toEqual({
      code: 'internal_error',
      message: 'disk full',
      exitCode: 1,
    });
    expect(describeError('odd').message).toBe('odd');
  });
});
