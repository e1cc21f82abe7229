import type { OpenAIErrorBody } from '../http/openai-error-response.js';
import { mapAzureHeaders, type HeaderLookup } from './map-azure-headers.js';

/** An Azure OpenAI error response, as received. */
export interface AzureErrorResponse {
  /** HTTP status. */
  status: number;
  /** The response headers. */
  headers: HeaderLookup;
  /** The body, parsed from JSON; anything else (text, `undefined`) when it was not JSON. */
  body: unknown;
}

/** Azure's `innererror` of a content-filter refusal. */
export interface AzureInnerError {
  /** E.g. `ResponsibleAIPolicyViolation`. */
  code: string | undefined;
  /** Per category (`hate`, `sexual`, `violence`, `self_harm`, `jailbreak`, …): `{ filtered, severity?, detected? }`. */
  contentFilterResult: Record<string, unknown> | undefined;
}

/** An Azure error translated to OpenAI's shape. */
export interface MappedAzureError {
  /** The HTTP status, unchanged. */
  status: number;
  /** OpenAI's `{ error: { message, type, param, code } }`. */
  body: OpenAIErrorBody;
  /** The headers under OpenAI's names (see {@link mapAzureHeaders}). */
  headers: Record<string, string>;
  /** Azure's `innererror` (content filter details), when it sent one. */
  innerError: AzureInnerError | undefined;
}

/** Azure's own codes with an OpenAI equivalent; others pass through. */
const AZURE_CODES: Readonly<Record<string, string | null>> = {
  DeploymentNotFound: 'model_not_found',
  BadRequest: null,
  InvalidRequest: null,
  InternalServerError: null,
  ServiceUnavailable: null,
  Timeout: null,
  RequestTimeout: null,
  TooManyRequests: 'rate_limit_exceeded',
  RateLimitExceeded: 'rate_limit_exceeded',
  Unauthorized: 'invalid_api_key',
  PermissionDenied: null,
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Access denied: the Azure OpenAI key or endpoint is wrong',
  404: 'Resource not found',
  429: 'Rate limit reached for the Azure OpenAI deployment',
};

/**
 * Translates an Azure OpenAI error response to OpenAI's error shape, so the
 * rest of Bulwark (classification, the gateway's answers) reads one format.
 * Azure's gateway answers `{"error":{"code":"429","message":…}}` (the status
 * as a string, no `type`), names its own conditions (`DeploymentNotFound`
 * becomes `model_not_found`), and passes the model's OpenAI-shaped errors
 * through with extras: a content-filter refusal keeps code `content_filter`
 * and its `innererror` is returned apart. A status-string code becomes the
 * code OpenAI uses for that status (`invalid_api_key` for 401,
 * `rate_limit_exceeded` for 429, else `null`); `type` comes from the status
 * when Azure sends none; a body that is not Azure's JSON gets a message from
 * the status.
 *
 * @param response - status, headers and parsed body of the Azure response.
 * @returns the OpenAI-shaped body, the headers under OpenAI's names and the inner error.
 * @example
 * ```ts
 * const mapped = mapAzureError({ status: 429, headers: response.headers, body: await response.json() });
 * mapped.body.error.code; // 'rate_limit_exceeded'
 * mapped.headers['retry-after-ms']; // '6000'
 * ```
 */
export function mapAzureError(response: AzureErrorResponse): MappedAzureError {
  const { status } = response;
  const error = errorObject(response.body);
  const rawCode = stringOrUndefined(error?.['code']);
  const inner = error?.['innererror'] ?? error?.['inner_error'];
  return {
    status,
    body: {
      error: {
        message:
          stringOrUndefined(error?.['message']) ??
          DEFAULT_MESSAGES[status] ??
          `Azure OpenAI answered with status ${status}`,
        type: stringOrUndefined(error?.['type']) ?? typeOf(status),
        param: stringOrUndefined(error?.['param']) ?? null,
        code: codeOf(rawCode, status),
      },
    },
    headers: mapAzureHeaders(response.headers),
    innerError: isRecord(inner)
      ? {
          code: stringOrUndefined(inner['code']),
          contentFilterResult: isRecord(inner['content_filter_result'])
            ? inner['content_filter_result']
            : undefined,
        }
      : undefined,
  };
}

function codeOf(code: string | undefined, status: number): string | null {
  if (code !== undefined && !/^\d{3}$/.test(code)) {
    return Object.hasOwn(AZURE_CODES, code) ? (AZURE_CODES[code] ?? null) : code;
  }
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

function typeOf(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function errorObject(body: unknown): Record<string, unknown> | undefined {
  if (!isRecord(body)) return undefined;
  return isRecord(body['error']) ? body['error'] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
