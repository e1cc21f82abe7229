import { describe, expect, expectTypeOf, it } from 'vitest';
import { BulwarkError, isBulwarkError, type BulwarkErrorCode } from './bulwark-error.js';
import * as family from './errors.js';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  BulkheadRejectedError,
  CircuitOpenError,
  ConfigError,
  ConnectionError,
  ContextLengthExceededError,
  HookError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  SchemaMismatchError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
  ValidationError,
} from './errors.js';

const message = 'boom';

/** One instance of every class, keyed by the class itself. */
const samples: readonly [{ isInstance(value: unknown): boolean }, BulwarkError][] = [
  [ValidationError, new ValidationError({ message, issues: [] })],
  [ContextLengthExceededError, new ContextLengthExceededError({ message })],
  [BadRequestError, new BadRequestError({ message, code: 'model_not_found' })],
  [AuthenticationError, new AuthenticationError({ message })],
  [PermissionDeniedError, new PermissionDeniedError({ message })],
  [QuotaExceededError, new QuotaExceededError({ message })],
  [RateLimitError, new RateLimitError({ message, local: true })],
  [ServerError, new ServerError({ message })],
  [TimeoutError, new TimeoutError({ message })],
  [ConnectionError, new ConnectionError({ message })],
  [StreamTruncatedError, new StreamTruncatedError({ message })],
  [CircuitOpenError, new CircuitOpenError({ message })],
  [BulkheadRejectedError, new BulkheadRejectedError({ message })],
  [SchemaMismatchError, new SchemaMismatchError({ message, rawText: '{', issues: [] })],
  [AbortError, new AbortError({ message })],
  [ConfigError, new ConfigError({ issues: [{ name: 'BULWARK_RPM', message: 'not a number' }] })],
  [HookError, new HookError({ hook: 'afterResponse', index: 1, cause: new Error('hook') })],
];

describe('the error family', () => {
  it('has a sample of every exported class', () => {
    const exported = Object.values(family).filter(
      (value) => typeof value === 'function' && value.prototype instanceof BulwarkError,
    );
    expect(new Set(samples.map(([errorClass]) => errorClass))).toEqual(new Set(exported));
  });

  it.each(samples)('%o: isInstance accepts its own class only', (ownClass, error) => {
    for (const [otherClass] of samples) {
      expect(otherClass.isInstance(error)).toBe(otherClass === ownClass);
    }
    expect(BulwarkError.isInstance(error)).toBe(true);
    expect(isBulwarkError(error)).toBe(true);
  });

  it('rejects values that are not Bulwark errors', () => {
    for (const [errorClass] of samples) {
      for (const value of [new Error(message), { code: 'timeout' }, null, undefined, 'timeout']) {
        expect(errorClass.isInstance(value)).toBe(false);
      }
    }
    expect(BulwarkError.isInstance({ code: 'server_error', name: 'ServerError' })).toBe(false);
  });

  it('recognises a subclass instance of a second copy of the module, where instanceof fails', async () => {
    // The module that defines the class: `errors.ts` only lists the family.
    const specifier = './upstream-errors.js?second-copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof family;
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const foreign = new copy.RateLimitError({ message, retryAfterMs: 1000 });

    expect(foreign).not.toBeInstanceOf(RateLimitError);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
    expect(BulwarkError.isInstance(foreign)).toBe(true);
    expect(copy.RateLimitError.isInstance(new RateLimitError({ message }))).toBe(true);
  });

  it('recognises an error built by another copy from its registered symbols alone', () => {
    const brand = Symbol.for('@bulwark/core/error');
    const marker = Symbol.for('@bulwark/core/error/TimeoutError');
    const foreign = Object.assign(new Error(message), {
      code: 'timeout',
      [brand]: true,
      [marker]: true,
    });
    expect(TimeoutError.isInstance(foreign)).toBe(true);
    expect(BulwarkError.isInstance(foreign)).toBe(true);
    expect(ConnectionError.isInstance(foreign)).toBe(false);
    // A class marker without the Bulwark brand is not enough.
    expect(TimeoutError.isInstance(Object.assign(new Error(message), { [marker]: true }))).toBe(
      false,
    );
  });

  it('keeps name for display and fixed codes per class', () => {
    const [, error] = samples.find(([errorClass]) => errorClass === QuotaExceededError) ?? [];
    expect(error?.name).toBe('QuotaExceededError');
    expect(error?.code).toBe('insufficient_quota');
    expect(new BadRequestError({ message }).code).toBe('invalid_request');
    expect(new BadRequestError({ message, code: 'model_not_found' }).code).toBe('model_not_found');
    expect(new PermissionDeniedError({ message }).code).toBe('permission_denied');
  });

  it('narrows to the class, and types codes as a string-literal union', () => {
    const caught: unknown = new RateLimitError({ message, local: true });
    if (RateLimitError.isInstance(caught)) {
      expectTypeOf(caught).toEqualTypeOf<RateLimitError>();
      expect(caught.local).toBe(true);
    }
    expectTypeOf(new TimeoutError({ message }).code).toEqualTypeOf<'timeout'>();
    expectTypeOf<'timeout'>().toExtend<BulwarkErrorCode>();
    expectTypeOf<'not_a_code'>().not.toExtend<BulwarkErrorCode>();
  });
});
