/** Where a Bulwark error class maps at the gateway (DESIGN §3). */
export interface HttpErrorMapping {
  /** HTTP status. */
  status: number;
  /** OpenAI's error `type`. */
  type: string;
  /** A fixed message that replaces the error's own, when that one must not reach a caller. */
  message?: string;
}

/**
 * The status table of DESIGN §3, by error class name (stable across copies
 * of the package). `BadRequestError` keeps the upstream status (400, 404, 409
 * or 422); classes missing here answer 500.
 */
export const HTTP_ERROR_MAPPINGS: Readonly<Record<string, HttpErrorMapping>> = {
  ValidationError: { status: 400, type: 'invalid_request_error' },
  ContextLengthExceededError: { status: 400, type: 'invalid_request_error' },
  BadRequestError: { status: 400, type: 'invalid_request_error' },
  // The gateway's own upstream credentials failed: a bad gateway, not the caller's fault.
  AuthenticationError: {
    status: 502,
    type: 'server_error',
    message: 'The upstream rejected the gateway’s credentials',
  },
  PermissionDeniedError: {
    status: 502,
    type: 'server_error',
    message: 'The upstream refused the gateway’s credentials for this request',
  },
  QuotaExceededError: { status: 429, type: 'insufficient_quota' },
  RateLimitError: { status: 429, type: 'rate_limit_error' },
  ServerError: { status: 502, type: 'server_error' },
  TimeoutError: { status: 504, type: 'server_error' },
  ConnectionError: {
    status: 502,
    type: 'server_error',
    message: 'Could not reach the upstream',
  },
  StreamTruncatedError: { status: 502, type: 'server_error' },
  CircuitOpenError: { status: 503, type: 'server_error' },
  BulkheadRejectedError: { status: 503, type: 'server_error' },
  SchemaMismatchError: { status: 502, type: 'server_error' },
  AbortError: { status: 499, type: 'invalid_request_error' },
  HookError: { status: 500, type: 'server_error' },
};
