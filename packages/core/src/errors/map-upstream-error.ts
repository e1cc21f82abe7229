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
  /**
   * The caller's signal (or anything with its `aborted` and `reason`, such as
   * an attempt's abort emitter): when it is aborted, any failure maps to {@link AbortError}.
   */
  signal?: Pick<AbortSignal, 'aborted' | 'reason'> | undefined;
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

/** Error codes of an abort: Node's `AbortError`, undici's `RequestAbortedError`. */
const ABORT_CODES: ReadonlySet<unknown> = new Set(['ABORT_ERR', 'UND_ERR_ABORTED']);
/** Error codes of undici's headers and body timeouts. */
const TIMEOUT_CODES: ReadonlySet<unknown> = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
/** How deep {@link mapUpstreamError} looks into `cause` for a timeout (`fetch` wraps undici's). */
const MAX_CAUSE_DEPTH = 3;

/**
 * Maps anything thrown on the way to the upstream (undici and `fetch`
 * failures, aborts, timeouts, a malformed body, an error carrying an HTTP
 * `status` such as the `openai` SDK's `APIError`) to the {@link BulwarkError}
 * of the table in `docs/architecture.md` ("Errors"), with `status`, `code`,
 * `retryable`, `requestId` (`x-request-id`), `retryAfterMs` (`retry-after-ms`,
 * then `retry-after`) and a scrubbed `cause` that holds no header and no key.
 * An upstream `x-should-retry: false` makes any error non-retryable. A
 * {@link BulwarkError} passes through unchanged, and so does a Bulwark error
 * given as the abort reason of `options.signal` (e.g. a `TimeoutError` from
 * an attempt timeout). Aborts and timeouts are recognised by their codes
 * (`DOMException` codes, Node's `ABORT_ERR`, undici's `UND_ERR_*`).
 *
 * @param error - what was thrown.
 * @param options - secrets to mask, and the caller's signal.
 * @returns the matching Bulwark error.
 */
export function mapUpstreamError(
  error: unknown,
  options: MapUpstreamErrorOptions = {},
): BulwarkError {
  if (isBulwarkError(error)) return error;
  const { signal } = options;
  // Whoever aborts with a Bulwark error as the reason (an attempt timeout) decides the outcome.
  if (signal?.aborted === true && isBulwarkError(signal.reason)) return signal.reason;
  const secrets = options.secrets ?? [];
  const cause = scrubError(error, secrets);
  if (signal?.aborted === true || isAbort(error)) {
    return new AbortError({ message: 'The request was aborted', cause });
  }
  if (isTimeout(error, 0)) {
    return new TimeoutError({ message: 'The upstream did not answer in time', cause });
  }
  if (error instanceof SyntaxError) {
    return new ServerError({ message: 'The upstream sent a malformed response body', cause });
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const fields = error as Partial<Record<string, unknown>> | null | undefined;
  const status = fields?.['status'];
  if (typeof status === 'number') {
    const text = (name: string): string | undefined =>
      typeof fields?.[name] === 'string' ? fields[name] : undefined;
    const param = text('param');
    const headers = fields?.['headers'];
    return classifyUpstreamFailure({
      status,
      code: text('code'),
      type: text('type'),
      param: param === undefined ? undefined : redactSecrets(param, secrets),
      message,
      headers: isHeaderReader(headers) ? headers : undefined,
      cause,
    });
  }
  return new ConnectionError({ message: `Could not reach the upstream: ${message}`, cause });
}

/**
 * Picks the Bulwark error for an upstream failure described by its status,
 * OpenAI code and headers (the table in `docs/architecture.md`, "Errors"). Shared by HTTP errors and
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
    upstreamCode: code === undefined ? undefined : redactSecrets(code),
    ...(shouldRetry === 'false' ? { retryable: false } : {}),
  };
  if (code === 'context_length_exceeded') return new ContextLengthExceededError(options);
  if (isQuotaFailure(code, failure.type ?? undefined)) return new QuotaExceededError(options);
  if (status === undefined) return classifyByCode(code, options);
  if (status === 401) return new AuthenticationError(options);
  if (status === 403) return new PermissionDeniedError(Object.assign({ code }, options));
  if (status === 408) return new TimeoutError(options);
  if (status === 429) return new RateLimitError(options);
  if (status >= 500) return new ServerError(options);
  return new BadRequestError(Object.assign({ code }, options));
}

function classifyByCode(code: string | undefined, options: BulwarkErrorOptions): BulwarkError {
  if (code === 'rate_limit_exceeded') return new RateLimitError(options);
  if (code === 'invalid_api_key') return new AuthenticationError(options);
  if (code === 'invalid_request_error' || code === 'invalid_request') {
    return new BadRequestError(Object.assign({ code }, options));
  }
  return new ServerError(options);
}

function isQuotaFailure(code: string | undefined, type: string | undefined): boolean {
  return (
    (code !== undefined && QUOTA_ERROR_CODES.has(code)) ||
    (type !== undefined && QUOTA_ERROR_CODES.has(type))
  );
}

function isAbort(error: unknown): boolean {
  if (error instanceof DOMException) return error.code === DOMException.ABORT_ERR;
  return ABORT_CODES.has(codeOf(error));
}

function isTimeout(error: unknown, depth: number): boolean {
  if (error instanceof DOMException) return error.code === DOMException.TIMEOUT_ERR;
  if (TIMEOUT_CODES.has(codeOf(error))) return true;
  return error instanceof Error && depth < MAX_CAUSE_DEPTH && isTimeout(error.cause, depth + 1);
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

function isHeaderReader(value: unknown): value is HeaderReader {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { get?: unknown }).get === 'function'
  );
}
