import type { BulwarkError } from '../errors/bulwark-error.js';
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
  SchemaMismatchError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
  ValidationError,
} from '../errors/errors.js';

/** Where a Bulwark error class maps at the gateway (see docs/errors.md). */
export interface HttpErrorMapping {
  /** HTTP status. */
  status: number;
  /** OpenAI's error `type`. */
  type: string;
  /** A fixed message that replaces the error's own, when that one must not reach a caller. */
  message?: string;
  /** Answer with the upstream's own 4xx status when there was one (`status` otherwise). */
  keepUpstreamStatus?: true;
}

/** One row of {@link HTTP_ERROR_MAPPINGS}: the error class and its gateway answer. */
export interface HttpErrorMappingRow {
  /** The class, recognised by its `isInstance` (which holds across copies of the package). */
  errorClass: { isInstance(value: unknown): boolean };
  /** The gateway answer for it. */
  mapping: HttpErrorMapping;
}

/**
 * The gateway status table of docs/errors.md, one row per error class.
 * `BadRequestError` keeps the upstream status (400, 404, 409 or 422); a class
 * missing here (`ConfigError`) answers a generic 500.
 */
export const HTTP_ERROR_MAPPINGS: readonly HttpErrorMappingRow[] = [
  { errorClass: ValidationError, mapping: { status: 400, type: 'invalid_request_error' } },
  {
    errorClass: ContextLengthExceededError,
    mapping: { status: 400, type: 'invalid_request_error' },
  },
  {
    errorClass: BadRequestError,
    mapping: { status: 400, type: 'invalid_request_error', keepUpstreamStatus: true },
  },
  // The gateway's own upstream credentials failed: a bad gateway, not the caller's fault.
  {
    errorClass: AuthenticationError,
    mapping: {
      status: 502,
      type: 'server_error',
      message: 'The upstream rejected the gateway’s credentials',
    },
  },
  {
    errorClass: PermissionDeniedError,
    mapping: {
      status: 502,
      type: 'server_error',
      message: 'The upstream refused the gateway’s credentials for this request',
    },
  },
  { errorClass: QuotaExceededError, mapping: { status: 429, type: 'insufficient_quota' } },
  { errorClass: RateLimitError, mapping: { status: 429, type: 'rate_limit_error' } },
  { errorClass: ServerError, mapping: { status: 502, type: 'server_error' } },
  { errorClass: TimeoutError, mapping: { status: 504, type: 'server_error' } },
  {
    errorClass: ConnectionError,
    mapping: { status: 502, type: 'server_error', message: 'Could not reach the upstream' },
  },
  { errorClass: StreamTruncatedError, mapping: { status: 502, type: 'server_error' } },
  { errorClass: CircuitOpenError, mapping: { status: 503, type: 'server_error' } },
  { errorClass: BulkheadRejectedError, mapping: { status: 503, type: 'server_error' } },
  { errorClass: SchemaMismatchError, mapping: { status: 502, type: 'server_error' } },
  { errorClass: AbortError, mapping: { status: 499, type: 'invalid_request_error' } },
  { errorClass: HookError, mapping: { status: 500, type: 'server_error' } },
];

/**
 * The gateway answer for `error`, found by class marker, not by name.
 *
 * @param error - a Bulwark error, possibly from another copy of the package.
 * @returns its row's mapping, or `undefined` for a class the table does not know.
 */
export function findHttpErrorMapping(error: BulwarkError): HttpErrorMapping | undefined {
  return HTTP_ERROR_MAPPINGS.find((row) => row.errorClass.isInstance(error))?.mapping;
}
