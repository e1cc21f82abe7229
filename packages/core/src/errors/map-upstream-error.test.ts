import { inspect } from 'node:util';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
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
  TimeoutError,
} from './errors.js';
import { classifyUpstreamFailure, mapUpstreamError } from './map-upstream-error.js';

const KEY = 'sk-test.0123456789abcdefghijklmnopqrstuv';

function upstream(status: number, code: string | null, headers: Record<string, string> = {}) {
  return APIError.generate(
    status,
    { error: { message: `upstream says ${code ?? 'no code'}`, type: 'x', param: null, code } },
    undefined,
    new Headers({ 'x-request-id': 'req_123', ...headers }),
  );
}

describe('mapUpstreamError', () => {
  it.each([
    [400, 'invalid_value', BadRequestError, 'invalid_value', false],
    [400, null, BadRequestError, 'invalid_request', false],
    [400, 'context_length_exceeded', ContextLengthExceededError, 'context_length_exceeded', false],
    [404, 'model_not_found', BadRequestError, 'model_not_found', false],
    [409, null, BadRequestError, 'invalid_request', false],
    [422, 'unprocessable', BadRequestError, 'unprocessable', false],
    [401, 'invalid_api_key', AuthenticationError, 'invalid_api_key', false],
    [
      403,
      'unsupported_country_region_territory',
      PermissionDeniedError,
      'unsupported_country_region_territory',
      false,
    ],
    [403, null, PermissionDeniedError, 'permission_denied', false],
    [408, null, TimeoutError, 'timeout', true],
    [429, 'rate_limit_exceeded', RateLimitError, 'rate_limit_exceeded', true],
    [429, 'insufficient_quota', QuotaExceededError, 'insufficient_quota', false],
    [429, 'billing_hard_limit_reached', QuotaExceededError, 'insufficient_quota', false],
    [429, 'billing_not_active', QuotaExceededError, 'insufficient_quota', false],
    [500, 'server_error', ServerError, 'server_error', true],
    [502, null, ServerError, 'server_error', true],
    [503, null, ServerError, 'server_error', true],
    [504, null, ServerError, 'server_error', true],
  ] as const)('maps %i %s to its class', (status, code, errorClass, expectedCode, retryable) => {
    const error = mapUpstreamError(upstream(status, code));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, code: expectedCode, retryable, requestId: 'req_123' });
    expect(error.message).toContain(`upstream says`);
  });

  it('reads retryAfterMs from retry-after-ms, then retry-after', () => {
    expect(
      mapUpstreamError(upstream(429, 'rate_limit_exceeded', { 'retry-after-ms': '1500' }))
        .retryAfterMs,
    ).toBe(1500);
    expect(mapUpstreamError(upstream(503, null, { 'retry-after': '3' })).retryAfterMs).toBe(3000);
  });

  it('makes any error non-retryable on x-should-retry: false', () => {
    expect(mapUpstreamError(upstream(500, null, { 'x-should-retry': 'false' })).retryable).toBe(
      false,
    );
    expect(
      mapUpstreamError(upstream(429, 'rate_limit_exceeded', { 'x-should-retry': 'false' }))
        .retryable,
    ).toBe(false);
  });

  it('maps the quota type even without a code', () => {
    const error = APIError.generate(
      429,
      { error: { message: 'quota', type: 'insufficient_quota', code: null } },
      undefined,
      new Headers(),
    );
    expect(mapUpstreamError(error)).toBeInstanceOf(QuotaExceededError);
  });

  it('maps connection failures, timeouts and aborts', () => {
    const connection = mapUpstreamError(
      new APIConnectionError({ cause: new TypeError('fetch failed') }),
    );
    expect(connection).toBeInstanceOf(ConnectionError);
    expect(connection.retryable).toBe(true);
    expect(mapUpstreamError(new APIConnectionTimeoutError())).toBeInstanceOf(TimeoutError);
    expect(mapUpstreamError(new APIUserAbortError())).toBeInstanceOf(AbortError);
    expect(mapUpstreamError(new DOMException('aborted', 'AbortError'))).toBeInstanceOf(AbortError);
    expect(mapUpstreamError(new TypeError('terminated'))).toBeInstanceOf(ConnectionError);
  });

  it('maps anything to AbortError once the caller aborted, or to the Bulwark error given as reason', () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      mapUpstreamError(new TypeError('fetch failed'), { signal: controller.signal }),
    ).toBeInstanceOf(AbortError);
    const timedOut = new AbortController();
    const reason = new TimeoutError({ message: 'attempt timed out' });
    timedOut.abort(reason);
    expect(mapUpstreamError(new APIUserAbortError(), { signal: timedOut.signal })).toBe(reason);
  });

  it('never exposes the key through the message or the cause chain', () => {
    const leaky = new TypeError(`fetch failed with Authorization: Bearer ${KEY}`);
    Object.assign(leaky, {
      request: { headers: { authorization: `Bearer ${KEY}` } },
      cause: new Error(`socket for ${KEY}`),
    });
    const sdkError = new APIConnectionError({
      message: `cannot connect using ${KEY}`,
      cause: leaky,
    });
    const error = mapUpstreamError(sdkError, { secrets: [KEY] });
    const views = [
      error.message,
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error.stack),
    ];
    for (const view of views) expect(view).not.toContain(KEY);
    expect(inspect(error, { depth: 10 })).toContain('socket for');
    const unknownKey = APIError.generate(
      401,
      { error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } },
      undefined,
      new Headers(),
    );
    const mapped = mapUpstreamError(unknownKey);
    expect(inspect(mapped, { depth: 10 })).not.toContain(KEY);
    expect(mapped.message).not.toContain(KEY);
  });
});

describe('classifyUpstreamFailure', () => {
  it('classifies stream error frames by code when there is no status', () => {
    expect(classifyUpstreamFailure({ message: 'x', code: 'rate_limit_exceeded' })).toBeInstanceOf(
      RateLimitError,
    );
    expect(classifyUpstreamFailure({ message: 'x', code: 'server_error' })).toBeInstanceOf(
      ServerError,
    );
    expect(
      classifyUpstreamFailure({ message: 'x', code: 'context_length_exceeded' }),
    ).toBeInstanceOf(ContextLengthExceededError);
  });

  it('masks the key wherever the upstream quotes it back: param, and an error frame', () => {
    const quoted = APIError.generate(
      400,
      { error: { message: 'bad', type: 'invalid_request_error', param: `key ${KEY}`, code: null } },
      undefined,
      new Headers(),
    );
    const mapped = mapUpstreamError(quoted, { secrets: [KEY] });
    expect((mapped as BadRequestError).param).not.toContain(KEY);
    const frame = classifyUpstreamFailure({ message: `no access for ${KEY}`, param: KEY });
    expect(frame.message).not.toContain(KEY);
    expect(JSON.stringify(frame)).not.toContain(KEY);
  });
});
