import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
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
import { isUpstreamUnhealthy } from './is-upstream-unhealthy.js';

const message = 'failure';

describe('isUpstreamUnhealthy', () => {
  it.each([
    ['a 5xx', new ServerError({ message, status: 502 })],
    [
      'a 5xx marked x-should-retry: false',
      new ServerError({ message, status: 500, retryable: false }),
    ],
    ['a timeout', new TimeoutError({ message })],
    ['a connection error', new ConnectionError({ message })],
    ['an upstream 429', new RateLimitError({ message, status: 429 })],
    [
      "a gateway's 429 caller_rate_limit_exceeded",
      new RateLimitError({ message, status: 429, upstreamCode: 'caller_rate_limit_exceeded' }),
    ],
    ['a truncated stream', new StreamTruncatedError({ message })],
  ])('counts %s', (_name, error) => {
    expect(isUpstreamUnhealthy(error)).toBe(true);
  });

  it.each([
    ['a 400', new BadRequestError({ message, status: 400 })],
    ['a validation error', new ValidationError({ message, issues: [] })],
    ['a 401', new AuthenticationError({ message, status: 401 })],
    ['a 403', new PermissionDeniedError({ message, status: 403 })],
    ['insufficient_quota', new QuotaExceededError({ message, status: 429 })],
    ['context length', new ContextLengthExceededError({ message })],
    ['an abort', new AbortError({ message })],
    ['a local rate-limit refusal', new RateLimitError({ message, local: true })],
    [
      "a gateway's 429 budget_exceeded",
      new RateLimitError({ message, status: 429, upstreamCode: 'budget_exceeded' }),
    ],
    ['a plain Error', new Error(message)],
  ])('does not count %s', (_name, error) => {
    expect(isUpstreamUnhealthy(error)).toBe(false);
  });
});
