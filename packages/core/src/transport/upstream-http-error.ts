import type { BulwarkError } from '../errors/bulwark-error.js';
import { classifyUpstreamFailure } from '../errors/map-upstream-error.js';
import { redactSecrets } from '../security/redact-secrets.js';
import { mapAzureError } from '../routes/map-azure-error.js';
import type { UpstreamHeaders } from './transport.js';
import type { UpstreamAnswer } from './upstream-answer.js';

/** Bounds the memory an error body may take: OpenAI's are a few hundred bytes. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/**
 * Reads a non-2xx answer's body (at most {@link MAX_ERROR_BODY_BYTES}; the
 * rest is dropped with the connection) and classifies it: OpenAI's
 * `{ error: { message, type, param, code } }` when the body is one, the
 * status alone otherwise. The key is masked wherever the upstream quotes it.
 *
 * @param answer - the response, body unread.
 * @param secrets - secrets in clear to mask (the key).
 * @param azure - whether the body and headers are Azure OpenAI's (mapped to OpenAI's shape first).
 * @returns the matching Bulwark error, with `requestId`, `retryAfterMs` and `x-should-retry` applied.
 */
export async function readUpstreamHttpError(
  answer: UpstreamAnswer,
  secrets: readonly string[],
  azure = false,
): Promise<BulwarkError> {
  const parsed = parseJson(await readBounded(answer.body, MAX_ERROR_BODY_BYTES));
  let body = errorFields(parsed);
  let headers: UpstreamHeaders = answer.headers;
  if (azure) {
    const mapped = mapAzureError({ status: answer.status, headers: answer.headers, body: parsed });
    body = errorFields(mapped.body);
    headers = withHeaders(answer.headers, mapped.headers);
  }
  const mask = (value: string): string => redactSecrets(value, secrets);
  return classifyUpstreamFailure({
    status: answer.status,
    code: body?.code,
    type: body?.type,
    param: body?.param == null ? undefined : mask(body.param),
    message: mask(body?.message ?? `The upstream answered with status ${answer.status}`),
    headers,
  });
}

interface OpenAIErrorFields {
  message: string | undefined;
  type: string | undefined;
  param: string | undefined;
  code: string | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFields(parsed: unknown): OpenAIErrorFields | undefined {
  const error = (parsed as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const fields = error as Record<string, unknown>;
  const field = (name: string): string | undefined =>
    typeof fields[name] === 'string' ? fields[name] : undefined;
  return {
    message: field('message'),
    type: field('type'),
    param: field('param'),
    code: field('code'),
  };
}

/** Azure's headers read as OpenAI's (`apim-request-id` as `x-request-id`, `retry-after-ms`), the rest as sent. */
function withHeaders(headers: UpstreamHeaders, mapped: Record<string, string>): UpstreamHeaders {
  return {
    get: (name) => mapped[name.toLowerCase()] ?? headers.get(name),
    entries: () => headers.entries(),
    forEach: (visit) => headers.forEach(visit),
  };
}

async function readBounded(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.byteLength;
    // Leaving the loop early destroys the rest of the body.
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
