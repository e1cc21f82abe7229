import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { redactSecrets } from '../security/redact-secrets.js';
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
import { type BulwarkError, type BulwarkErrorOptions, isBulwarkError } from './bulwark-error.js';
import { parseRetryAfter, type HeaderReader } from './parse-retry-after.js';
import { scrubError } from './scrub-error.js';

/**
 * OpenAI error codes (and types) of a 429 that mean the account is out of
 * credit or over a billing limit: waiting does not help, so they map to the
 * non-retryable {@link QuotaExceededError}.
 */
export const QUOTA_ERROR_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_not_active',
  'billing_limit_reached',
  'access_terminated',
]);

/** Options of {@link mapUpstreamError}. */
export interface MapUpstreamErrorOptions {
  /** Secrets in clear to mask in messages and causes (the configured key). @default [] */
  secrets?: readonly string[] | undefined;
  /** The caller's signal: when it is aborted, any failure maps to {@link AbortError}. */
  signal?: AbortSignal | undefined;
}

/** What is known of an upstream failure, from an HTTP response or a stream's `error` frame. */
export interface UpstreamFailure {
  /** HTTP status, if there was a response. */
  status?: number | undefined;
  /** OpenAI's `error.code`. */
  code?: string | null | undefined;
  /** OpenAI's `error.type`. */
  type?: string | null | undefined;
  /** OpenAI's `error.param`. */
  param?: string | null | undefined;
  /** The message, already free of secrets. */
  message: string;
  /** Response headers (`x-request-id`, `retry-after-ms`, `retry-after`, `x-should-retry`). */
  headers?: HeaderReader | undefined;
  /** The scrubbed original error. */
  cause?: unknown;
}

/**
 * Maps anything thrown by the transport (the `openai` SDK's `APIError`
 * family, `fetch` failures, aborts) to the {@link BulwarkError} of the table
 * in DESIGN §3, with `status`, `code`, `retryable`, `requestId`
 * (`x-request-id`), `retryAfterMs` (`retry-after-ms`, then `retry-after`)
 * and a scrubbed `cause` that holds no header and no key. An upstream
 * `x-should-retry: false` makes any error non-retryable. A
 * {@link BulwarkError} passes through unchanged, and so does a Bulwark error
 * given as the abort reason of `options.signal` (e.g. a `TimeoutError` from
 * an attempt timeout).
 *
 * @param error - what the transport threw.
 * @param options - secrets to mask, and the caller's signal.
 * @returns the matching Bulwark error.
 */
export function mapUpstreamError(
  error: unknown,
  options: MapUpstreamErrorOptions = {},
): BulwarkError {
  if (isBulwarkError(error)) return error;
  const secrets = options.secrets ?? [];
  const cause = scrubError(error, secrets);
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  // Whoever aborts with a Bulwark error as the reason (an attempt timeout) decides the outcome.
  if (options.signal?.aborted === true && isBulwarkError(options.signal.reason)) {
    return options.signal.reason;
  }
  if (
    options.signal?.aborted === true ||
    error instanceof APIUserAbortError ||
    isAbortLike(error)
  ) {
    return new AbortError({ message: 'The request was aborted', cause });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError({ message: 'The upstream did not answer in time', cause });
  }
  if (error instanceof SyntaxError) {
    return new ServerError({ message: 'The upstream sent a malformed response body', cause });
  }
  if (error instanceof APIConnectionError || !(error instanceof APIError)) {
    return new ConnectionError({ message: `Could not reach the upstream: ${message}`, cause });
  }
  return classifyUpstreamFailure({
    status: error.status,
    code: error.code,
    type: error.type,
    param: error.param == null ? error.param : redactSecrets(error.param, secrets),
    message,
    headers: error.headers,
    cause,
  });
}

/**
 * Picks the Bulwark error for an upstream failure described by its status,
 * OpenAI code and headers (the table of DESIGN §3). Shared by HTTP errors and
 * the `error` frames of a stream.
 *
 * @param failure - what the upstream said.
 * @returns the matching Bulwark error.
 */
export function classifyUpstreamFailure(failure: UpstreamFailure): BulwarkError {
  const { status, headers } = failure;
  const code = failure.code ?? undefined;
  const shouldRetry = headers?.get('x-should-retry');
  const options: BulwarkErrorOptions = {
    // Upstream text (a stream's error frame too) may quote the key back.
    message: redactSecrets(failure.message),
    status,
    requestId: headers?.get('x-request-id') ?? undefined,
    retryAfterMs: parseRetryAfter(headers),
    param: failure.param == null ? undefined : redactSecrets(failure.param),
    cause: failure.cause,
    ...(shouldRetry === 'false' ? { retryable: false } : {}),
  };
  if (code === 'context_length_exceeded') return new ContextLengthExceededError(options);
  if (isQuotaFailure(code, failure.type ?? undefined)) return new QuotaExceededError(options);
  if (status === undefined) return classifyByCode(code, options);
  if (status === 401) return new AuthenticationError(options);
  if (status === 403) return new PermissionDeniedError({ ...options, code });
  if (status === 408) return new TimeoutError(options);
  if (status === 429) return new RateLimitError(options);
  if (status >= 500) return new ServerError(options);
  return new BadRequestError({ ...options, code });
}

function classifyByCode(code: string | undefined, options: BulwarkErrorOptions): BulwarkError {
  if (code === 'rate_limit_exceeded') return new RateLimitError(options);
  if (code === 'invalid_api_key') return new AuthenticationError(options);
  if (code === 'invalid_request_error' || code === 'invalid_request') {
    return new BadRequestError({ ...options, code });
  }
  return new ServerError(options);
}

function isQuotaFailure(code: string | undefined, type: string | undefined): boolean {
  return (
    (code !== undefined && QUOTA_ERROR_CODES.has(code)) ||
    (type !== undefined && QUOTA_ERROR_CODES.has(type))
  );
}

function isAbortLike(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError')
  );
}
