/** How a scripted failure looks on the wire. */
export interface FailOptions {
  /**
   * The `error.code` of the body.
   * @default `'rate_limit_exceeded'` for 429, else null
   */
  code?: string | null;
  /**
   * The `error.type` of the body.
   * @default by status: `invalid_request_error` for 4xx, `requests` for 429, `server_error` for 5xx
   */
  type?: string;
  /**
   * The `error.message` of the body.
   * @default OpenAI's usual message for the status
   */
  message?: string;
  /**
   * The `error.param` of the body.
   * @default null
   */
  param?: string | null;
  /** Sent as the `retry-after-ms` header. */
  retryAfterMs?: number;
  /** Sent as the `retry-after` header: seconds, or an HTTP date. */
  retryAfter?: number | string;
  /** Sent as the `x-should-retry` header (`true`/`false`). */
  shouldRetry?: boolean;
  /** More headers to send. */
  headers?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided.',
  403: 'You are not allowed to perform this request.',
  404: 'The requested resource does not exist.',
  408: 'Request timed out.',
  409: 'The request conflicts with the current state of the resource.',
  422: 'The request could not be processed.',
  429: 'Rate limit reached. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  502: 'Bad gateway.',
  503: 'The engine is currently overloaded, please try again later.',
  504: 'Gateway timeout.',
};

function defaultType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The `{ error: { message, type, param, code } }` body OpenAI answers errors with. */
export interface OpenAIErrorBody {
  /** The error itself, as OpenAI sends it. */
  error: {
    /** Human-readable message. */
    message: string;
    /** OpenAI's error type, e.g. `invalid_request_error`, `server_error`. */
    type: string;
    /** The request field at fault, or `null`. */
    param: string | null;
    /** Machine-readable code, e.g. `rate_limit_exceeded`, or `null`. */
    code: string | null;
  };
}

/**
 * Builds OpenAI's error body for a status and options.
 * @internal
 */
export function openAIErrorBody(status: number, options: FailOptions = {}): OpenAIErrorBody {
  return {
    error: {
      message:
        options.message ?? DEFAULT_MESSAGES[status] ?? `Request failed with status ${status}.`,
      type: options.type ?? defaultType(status),
      param: options.param ?? null,
      code:
        options.code !== undefined ? options.code : status === 429 ? 'rate_limit_exceeded' : null,
    },
  };
}

/**
 * Builds an OpenAI-shaped error response with its retry headers.
 * @internal
 */
export function openAIErrorResponse(status: number, options: FailOptions = {}): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (options.retryAfterMs !== undefined)
    headers.set('retry-after-ms', String(options.retryAfterMs));
  if (options.retryAfter !== undefined) headers.set('retry-after', String(options.retryAfter));
  if (options.shouldRetry !== undefined) headers.set('x-should-retry', String(options.shouldRetry));
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Response(JSON.stringify(openAIErrorBody(status, options)), { status, headers });
}
