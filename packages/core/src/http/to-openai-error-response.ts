import { isBulwarkError } from '../errors/bulwark-error.js';
import { findHttpErrorMapping } from './http-error-mappings.js';
import type { OpenAIErrorResponse } from './openai-error-response.js';

const INTERNAL_ERROR: OpenAIErrorResponse = {
  status: 500,
  headers: {},
  body: {
    error: {
      message: 'Internal server error',
      type: 'server_error',
      param: null,
      code: 'internal_error',
    },
  },
};

/**
 * Translates an error into the HTTP answer an OpenAI-compatible server gives
 * for it: the status of the table in docs/errors.md, OpenAI's error body
 * `{"error":{"message","type","param","code"}}` and the headers that go with
 * it (`retry-after` on 429 and 503). The official SDKs turn that answer back
 * into their matching error class (`RateLimitError`, `InternalServerError`, …).
 *
 * Anything that is not a Bulwark error (a bug, a failing dependency) becomes
 * a generic 500 whose body says nothing about it: log the original instead.
 * Upstream credential failures (401/403 upstream) become a 502 with a fixed
 * message, since the caller's request was not at fault.
 *
 * @param error - anything thrown by `client.chat.completions.create()` or around it.
 * @returns status, headers and body; a fresh object on every call.
 * @example
 * ```ts
 * } catch (error) {
 *   const { status, headers, body } = toOpenAIErrorResponse(error);
 *   response.writeHead(status, { ...headers, 'content-type': 'application/json' });
 *   response.end(JSON.stringify(body));
 * }
 * ```
 */
export function toOpenAIErrorResponse(error: unknown): OpenAIErrorResponse {
  if (!isBulwarkError(error)) return structuredClone(INTERNAL_ERROR);
  const mapping = findHttpErrorMapping(error);
  if (mapping === undefined) return structuredClone(INTERNAL_ERROR);
  const status = mapping.keepUpstreamStatus ? upstreamClientStatus(error.status) : mapping.status;
  const headers: Record<string, string> = {};
  if (status === 429 || status === 503) {
    const waitMs = error.retryAfterMs ?? 1000;
    headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    if (error.retryAfterMs !== undefined) headers['retry-after-ms'] = String(Math.ceil(waitMs));
  }
  // The SDKs retry 408, 409, 429 and 5xx on their own unless told otherwise.
  if (!error.retryable && (status === 409 || status === 429 || status >= 500)) {
    headers['x-should-retry'] = 'false';
  }
  return {
    status,
    headers,
    body: {
      error: {
        message: mapping.message ?? error.message,
        type: mapping.type,
        param: error.param ?? null,
        code: error.code,
      },
    },
  };
}

function upstreamClientStatus(status: number | undefined): number {
  return status !== undefined && status >= 400 && status < 500 ? status : 400;
}
