/**
 * The error body of OpenAI's API (`ErrorResponse` in OpenAI's OpenAPI
 * specification), which the official SDKs parse into their error classes.
 */
export interface OpenAIErrorBody {
  /** The error itself. */
  error: {
    /** Human-readable explanation. Never contains a key. */
    message: string;
    /** Category, e.g. `invalid_request_error`, `rate_limit_error`, `server_error`. */
    type: string;
    /** The request field the error is about, or `null`. */
    param: string | null;
    /** Stable machine-readable code, e.g. `rate_limit_exceeded`, or `null`. */
    code: string | null;
  };
}

/** An HTTP answer for an error: status, headers to set and the OpenAI-shaped body. */
export interface OpenAIErrorResponse {
  /** HTTP status (docs/errors.md, "HTTP status at the gateway"). */
  status: number;
  /**
   * Headers to send with it, lower-case: `retry-after` (whole seconds, at
   * least 1) on 429 and 503, `retry-after-ms` when the wait is known to the
   * millisecond, and `x-should-retry: false` on a 409, 429 or 5xx whose
   * error is not retryable (e.g. `insufficient_quota`, an open circuit), so
   * the SDKs do not retry it on their own.
   */
  headers: Record<string, string>;
  /** The body to send as JSON. */
  body: OpenAIErrorBody;
}
