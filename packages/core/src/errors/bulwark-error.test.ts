import { describe, expect, it } from 'vitest';
import { BULWARK_ERROR_BRAND, isBulwarkError } from './bulwark-error.js';
import { ConfigError, ServerError } from './errors.js';

describe('isBulwarkError', () => {
  it('recognises Bulwark errors, including one from another copy of the package', () => {
    expect(isBulwarkError(new ServerError({ message: 'x' }))).toBe(true);
    expect(isBulwarkError(new ConfigError({ issues: [] }))).toBe(true);
    const fromAnotherCopy = Object.assign(new Error('x'), {
      [Symbol.for('@bulwark/core/error')]: true,
    });
    expect(BULWARK_ERROR_BRAND).toBe(Symbol.for('@bulwark/core/error'));
    expect(isBulwarkError(fromAnotherCopy)).toBe(true);
  });

  it('rejects everything else', () => {
    expect(isBulwarkError(new Error('x'))).toBe(false);
    expect(isBulwarkError({ code: 'server_error' })).toBe(false);
    expect(isBulwarkError(null)).toBe(false);
    expect(isBulwarkError('server_error')).toBe(false);
  });

  it('serialises without the cause chain', () => {
    const error = new ServerError({
      message: 'upstream failed',
      status: 502,
      cause: new Error('inner'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ServerError',
      code: 'server_error',
      message: 'upstream failed',
      status: 502,
      retryable: true,
    });
  });
});
