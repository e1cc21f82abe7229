import { inspect } from 'node:util';
import { errors } from 'undici';
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

/** An error shaped like the `openai` SDK's `APIError`: status, OpenAI fields and headers. */
function statusError(
  status: number,
  fields: { message: string; code?: string | null; type?: string; param?: string | null },
  headers: Record<string, string> = {},
) {
  return Object.assign(new Error(fields.message), {
    status,
    code: fields.code ?? null,
    type: fields.type,
    param: fields.param ?? null,
    headers: new Headers(headers),
  });
}

function upstream(status: number, code: string | null, headers: Record<string, string> = {}) {
  return statusError(
    status,
    { message: `upstream says ${code ?? 'no code'}`, type: 'x', code },
    { 'x-request-id': 'req_123', ...headers },
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

  it.each([
    [429, 'caller_rate_limit_exceeded', RateLimitError, 'rate_limit_exceeded'],
    [429, 'budget_exceeded', RateLimitError, 'rate_limit_exceeded'],
    [503, 'circuit_open', ServerError, 'server_error'],
    [403, 'model_not_allowed', PermissionDeniedError, 'model_not_allowed'],
    [401, 'invalid_api_key', AuthenticationError, 'invalid_api_key'],
  ] as const)(
    'keeps the code a %i answer carried (%s) as upstreamCode beside its own',
    (status, sent, errorClass, code) => {
      const error = mapUpstreamError(upstream(status, sent, { 'retry-after': '2' }));
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ code, upstreamCode: sent });
      expect(error.toJSON()).toMatchObject({ code, upstreamCode: sent });
    },
  );

  it('leaves upstreamCode unset when the upstream sent no code', () => {
    expect(mapUpstreamError(upstream(502, null)).upstreamCode).toBeUndefined();
    expect(
      mapUpstreamError(new Error('connect ECONNREFUSED 127.0.0.1:1')).upstreamCode,
    ).toBeUndefined();
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
    const error = statusError(429, { message: 'quota', type: 'insufficient_quota' });
    expect(mapUpstreamError(error)).toBeInstanceOf(QuotaExceededError);
  });

  it('maps connection failures, timeouts and aborts by their codes', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    const connection = mapUpstreamError(new TypeError('fetch failed', { cause: refused }));
    expect(connection).toBeInstanceOf(ConnectionError);
    expect(connection.retryable).toBe(true);
    expect(mapUpstreamError(new errors.SocketError('other side closed'))).toBeInstanceOf(
      ConnectionError,
    );
    expect(mapUpstreamError(new errors.ConnectTimeoutError())).toBeInstanceOf(ConnectionError);
    expect(mapUpstreamError(new errors.HeadersTimeoutError())).toBeInstanceOf(TimeoutError);
    expect(mapUpstreamError(new errors.BodyTimeoutError())).toBeInstanceOf(TimeoutError);
    expect(
      mapUpstreamError(new TypeError('fetch failed', { cause: new errors.HeadersTimeoutError() })),
    ).toBeInstanceOf(TimeoutError);
    expect(mapUpstreamError(new DOMException('timed out', 'TimeoutError'))).toBeInstanceOf(
      TimeoutError,
    );
    expect(mapUpstreamError(new errors.RequestAbortedError())).toBeInstanceOf(AbortError);
    expect(mapUpstreamError(new DOMException('aborted', 'AbortError'))).toBeInstanceOf(AbortError);
    const nodeAbort = Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR' });
    expect(mapUpstreamError(nodeAbort)).toBeInstanceOf(AbortError);
    // A name alone does not make an abort.
    const named = Object.assign(new Error('x'), { name: 'AbortError' });
    expect(mapUpstreamError(named)).toBeInstanceOf(ConnectionError);
    expect(mapUpstreamError(new TypeError('terminated'))).toBeInstanceOf(ConnectionError);
  });

  it('maps a malformed body to ServerError', () => {
    expect(mapUpstreamError(new SyntaxError('Unexpected token'))).toBeInstanceOf(ServerError);
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
    expect(
      mapUpstreamError(new DOMException('aborted', 'AbortError'), { signal: timedOut.signal }),
    ).toBe(reason);
  });

  it('never exposes the key through the message or the cause chain', () => {
    const leaky = new TypeError(`fetch failed with Authorization: Bearer ${KEY}`);
    Object.assign(leaky, {
      request: { headers: { authorization: `Bearer ${KEY}` } },
      cause: new Error(`socket for ${KEY}`),
    });
    const sdkError = new TypeError(`cannot connect using ${KEY}`, { cause: leaky });
    const error = mapUpstreamError(sdkError, { secrets: [KEY] });
    const views = [
      error.message,
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error.stack),
    ];
    for (const view of views) expect(view).not.toContain(KEY);
    expect(inspect(error, { depth: 10 })).toContain('socket for');
    const unknownKey = statusError(401, {
      message: `Incorrect API key provided: ${KEY}`,
      code: 'invalid_api_key',
    });
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
    const quoted = statusError(400, {
      message: 'bad',
      type: 'invalid_request_error',
      param: `key ${KEY}`,
    });
    const mapped = mapUpstreamError(quoted, { secrets: [KEY] });
    expect((mapped as BadRequestError).param).not.toContain(KEY);
    const frame = classifyUpstreamFailure({ message: `no access for ${KEY}`, param: KEY });
    expect(frame.message).not.toContain(KEY);
    expect(JSON.stringify(frame)).not.toContain(KEY);
  });
});
