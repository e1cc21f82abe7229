import type { TransportOptions } from './transport-options.js';

/** The request headers, lower-case names, as undici and `fetch` both take them. */
export type RequestHeaders = Record<string, string>;

/** Identifies Bulwark to the upstream. */
const USER_AGENT = `bulwark node/${process.versions.node}`;

/**
 * The headers every request of one transport sends, built once: the key as
 * `Bearer`, the JSON content type, the organization and project when set.
 * A compressed answer is not asked for (`accept-encoding: identity`): the
 * answers are small JSON or token streams, where decompressing costs more
 * than it saves.
 *
 * @param options - the key, organization and project.
 * @returns the header record, shared by every request: never mutate it.
 */
export function createRequestHeaders(
  options: Pick<TransportOptions, 'apiKey' | 'organization' | 'project' | 'provider'>,
): Readonly<RequestHeaders> {
  const headers: RequestHeaders = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'accept-encoding': 'identity',
    'user-agent': USER_AGENT,
  };
  if (options.apiKey !== undefined) {
    if (options.provider === 'azure') headers['api-key'] = options.apiKey;
    else headers['authorization'] = `Bearer ${options.apiKey}`;
  }
  if (options.organization !== undefined) headers['openai-organization'] = options.organization;
  if (options.project !== undefined) headers['openai-project'] = options.project;
  return headers;
}

/**
 * The headers of one request: the transport's own, plus the caller's id as
 * `x-client-request-id` and `x-request-id` when there is one.
 *
 * @param base - the transport's headers.
 * @param requestId - the caller's id for the call.
 * @returns `base` itself when there is no id, else a copy with it.
 */
export function withRequestId(
  base: Readonly<RequestHeaders>,
  requestId: string | undefined,
): Readonly<RequestHeaders> {
  if (requestId === undefined) return base;
  const headers: RequestHeaders = Object.assign({}, base);
  headers['x-client-request-id'] = requestId;
  headers['x-request-id'] = requestId;
  return headers;
}
