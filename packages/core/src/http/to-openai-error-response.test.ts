import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  BulkheadRejectedError,
  CircuitOpenError,
  ConnectionError,
  ContextLengthExceededError,
  HookError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';
import type * as family from '../errors/errors.js';
import { toOpenAIErrorResponse } from './to-openai-error-response.js';

const message = 'boom';

describe('toOpenAIErrorResponse', () => {
  it.each([
    [new ValidationError({ message, issues: [], param: 'messages' }), 400, 'invalid_request'],
    [new ContextLengthExceededError({ message }), 400, 'context_length_exceeded'],
    [
      new BadRequestError({ message, status: 404, code: 'model_not_found' }),
      404,
      'model_not_found',
    ],
    [new BadRequestError({ message, status: 422 }), 422, 'invalid_request'],
    [new BadRequestError({ message }), 400, 'invalid_request'],
    [new AuthenticationError({ message, status: 401 }), 502, 'invalid_api_key'],
    [new PermissionDeniedError({ message, status: 403 }), 502, 'permission_denied'],
    [new QuotaExceededError({ message, status: 429 }), 429, 'insufficient_quota'],
    [new RateLimitError({ message, status: 429, retryAfterMs: 2500 }), 429, 'rate_limit_exceeded'],
    [new ServerError({ message, status: 500 }), 502, 'server_error'],
    [new TimeoutError({ message }), 504, 'timeout'],
    [new ConnectionError({ message }), 502, 'connection_error'],
    [new StreamTruncatedError({ message }), 502, 'stream_truncated'],
    [new CircuitOpenError({ message, retryAfterMs: 30_000 }), 503, 'circuit_open'],
    [new BulkheadRejectedError({ message }), 503, 'overloaded'],
    [new AbortError({ message }), 499, 'aborted'],
  ])('maps %o to the status of the error table', (error, status, code) => {
    const response = toOpenAIErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(Object.keys(response.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  });

  it('sends retry-after in whole seconds on 429 and 503, rounding up and at least 1', () => {
    expect(
      toOpenAIErrorResponse(new RateLimitError({ message, retryAfterMs: 2500 })).headers,
    ).toMatchObject({ 'retry-after': '3', 'retry-after-ms': '2500' });
    expect(toOpenAIErrorResponse(new BulkheadRejectedError({ message })).headers).toEqual({
      'retry-after': '1',
      'x-should-retry': 'false',
    });
    expect(toOpenAIErrorResponse(new ServerError({ message })).headers).toEqual({});
  });

  it('tells the SDKs not to retry what cannot succeed', () => {
    const quota = toOpenAIErrorResponse(new QuotaExceededError({ message }));
    expect(quota.headers['x-should-retry']).toBe('false');
    expect(quota.body.error.type).toBe('insufficient_quota');
    const rateLimit = toOpenAIErrorResponse(new RateLimitError({ message }));
    expect(rateLimit.headers['x-should-retry']).toBeUndefined();
  });

  it('keeps the message and param of a request error', () => {
    const response = toOpenAIErrorResponse(
      new ValidationError({ message: 'messages: required', issues: [], param: 'messages' }),
    );
    expect(response.body).toEqual({
      error: {
        message: 'messages: required',
        type: 'invalid_request_error',
        param: 'messages',
        code: 'invalid_request',
      },
    });
  });

  it('hides the upstream message of a credential failure behind a fixed one', () => {
    const response = toOpenAIErrorResponse(
      new AuthenticationError({ message: 'Incorrect API key provided: sk-…abcd', status: 401 }),
    );
    expect(response.body.error.message).not.toContain('sk-');
    expect(response.body.error.type).toBe('server_error');
  });

  it('answers a generic 500 with no details for anything else', () => {
    const secret = new Error('database password hunter2 at /srv/app.js:12');
    for (const error of [
      secret,
      'text',
      undefined,
      new HookError({ hook: 'beforeRequest', index: 0, cause: secret }),
    ]) {
      const response = toOpenAIErrorResponse(error);
      expect(response.status).toBe(500);
      expect(JSON.stringify(response)).not.toContain('hunter2');
    }
    expect(toOpenAIErrorResponse(secret).body.error).toEqual({
      message: 'Internal server error',
      type: 'server_error',
      param: null,
      code: 'internal_error',
    });
  });

  it('finds the class by its marker, so a second copy of the package maps the same and name is ignored', async () => {
    // The module that defines the class: `errors.ts` only lists the family.
    const specifier = '../errors/request-errors.js?second-copy';
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof family;
    const foreign = new copy.BadRequestError({ message, status: 404, code: 'model_not_found' });
    expect(foreign).not.toBeInstanceOf(BadRequestError);
    expect(toOpenAIErrorResponse(foreign).status).toBe(404);

    const renamed = new ServerError({ message, status: 404 });
    renamed.name = 'BadRequestError';
    expect(toOpenAIErrorResponse(renamed).status).toBe(502);
  });
});
