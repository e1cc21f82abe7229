import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  BulkheadRejectedError,
  CircuitOpenError,
  ConnectionError,
  ContextLengthExceededError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';
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
