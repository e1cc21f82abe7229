import type { OpenAIErrorBody } from '@bulwark/core';

/** Options of {@link GatewayHttpError}. */
export interface GatewayHttpErrorOptions {
  /** The HTTP status of the answer. */
  status: number;
  /** The `code` of the OpenAI error body (also the log line's `errorCode`). */
  code: string;
  /** The `message` of the body. */
  message: string;
  /** The `type` of the body. @default 'invalid_request_error' */
  type?: string | undefined;
  /** Extra response headers (`retry-after`, `www-authenticate`). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** The request field at fault (`model`), the body's `param`. @default null */
  param?: string | undefined;
}

/**
 * A refusal decided by the gateway itself, before core is called (bad body,
 * missing key, per-caller limit, unknown route), with the OpenAI-shaped
 * answer it gets. Core's own failures are Bulwark errors, mapped by
 * `toOpenAIErrorResponse` instead.
 */
export class GatewayHttpError extends Error {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The error code of the body. */
  readonly code: string;
  /** The error type of the body. */
  readonly type: string;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request field at fault, or `null`. */
  readonly param: string | null;

  constructor(options: GatewayHttpErrorOptions) {
    super(options.message);
    this.name = 'GatewayHttpError';
    this.status = options.status;
    this.code = options.code;
    this.type = options.type ?? 'invalid_request_error';
    this.headers = options.headers ?? {};
    this.param = options.param ?? null;
  }

  /** The OpenAI error body of this refusal. */
  toBody(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}
