import { GatewayHttpError } from './gateway-http-error.js';

/** The gateway's refusals of a request body, by the `type` body-parser gives the same failure. */
export const BODY_ERRORS = {
  'entity.parse.failed': {
    status: 400,
    message: 'The request body is not valid JSON',
    code: 'invalid_json',
  },
  'entity.too.large': {
    status: 413,
    message: 'The request body is larger than the gateway accepts',
    code: 'request_too_large',
  },
  'encoding.unsupported': {
    status: 415,
    message: 'The request body has an unsupported content encoding',
    code: 'unsupported_encoding',
  },
  'charset.unsupported': {
    status: 415,
    message: 'The request body has an unsupported charset',
    code: 'unsupported_charset',
  },
  'request.size.invalid': {
    status: 400,
    message: 'The request body is shorter or longer than its content-length',
    code: 'invalid_body',
  },
  'request.aborted': { status: 400, message: 'The request was aborted', code: 'aborted' },
} as const satisfies Record<string, { status: number; message: string; code: string }>;

/** A kind of body failure. */
export type BodyErrorKind = keyof typeof BODY_ERRORS;

/**
 * The gateway's refusal for a body failure.
 *
 * @param kind - what went wrong, named as body-parser names it.
 */
export function bodyError(kind: BodyErrorKind): GatewayHttpError {
  return new GatewayHttpError(BODY_ERRORS[kind]);
}

/**
 * The gateway's refusal for an error a host app's body parser raised
 * (`express.json()` before the router): body-parser's errors (through
 * `http-errors`) carry a string `type` and a numeric `status`.
 *
 * @param error - anything passed to an error handler.
 * @returns the refusal, or `undefined` when it is not a known body-parser error.
 */
export function fromBodyParserError(error: unknown): GatewayHttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || !Object.hasOwn(BODY_ERRORS, type)) {
    return undefined;
  }
  return bodyError(type as BodyErrorKind);
}
