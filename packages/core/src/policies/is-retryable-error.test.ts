import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { BadRequestError } from '../errors/bad-request-error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { ConnectionError } from '../errors/connection-error.js';
import { ContextLengthExceededError } from '../errors/context-length-exceeded-error.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { QuotaExceededError } from '../errors/quota-exceeded-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ServerError } from '../errors/server-error.js';
import { StreamTruncatedError } from '../errors/stream-truncated-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { isRetryableError } from './is-retryable-error.js';

const message = 'failure';

describe('isRetryableError', () => {
  it.each([
    ['ServerError', new ServerError({ message, status: 500 })],
    ['TimeoutError', new TimeoutError({ message })],
    ['ConnectionError', new ConnectionError({ message })],
    ['upstream RateLimitError', new RateLimitError({ message, status: 429 })],
    ['StreamTruncatedError', new StreamTruncatedError({ message })],
  ])('retries %s', (_name, error) => {
    expect(isRetryableError(error)).toBe(true);
  });

  it.each([
    ['BadRequestError', new BadRequestError({ message, status: 400 })],
    ['AuthenticationError', new AuthenticationError({ message, status: 401 })],
    ['PermissionDeniedError', new PermissionDeniedError({ message, status: 403 })],
    ['QuotaExceededError', new QuotaExceededError({ message, status: 429 })],
    ['ContextLengthExceededError', new ContextLengthExceededError({ message, status: 400 })],
    ['ValidationError', new ValidationError({ message, issues: [] })],
    ['CircuitOpenError', new CircuitOpenError({ message })],
    ['BulkheadRejectedError', new BulkheadRejectedError({ message })],
    ['AbortError', new AbortError({ message })],
    [
      'a 5xx with x-should-retry: false',
      new ServerError({ message, status: 503, retryable: false }),
    ],
    ['a plain Error', new Error(message)],
    ['a thrown string', 'failure'],
  ])('does not retry %s', (_name, error) => {
    expect(isRetryableError(error)).toBe(false);
  });
});
