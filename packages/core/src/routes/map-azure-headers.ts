import { parseRetryAfter } from '../errors/parse-retry-after.js';

/** Response headers looked up by name: `Headers`, or the transport's `UpstreamHeaders`. */
export interface HeaderLookup {
  /** The header's value, or `null`/`undefined` when absent. */
  get(name: string): string | null | undefined;
}

const COPIED = ['x-ratelimit-remaining-requests', 'x-ratelimit-remaining-tokens'] as const;

/**
 * Picks the headers of an Azure OpenAI response that Bulwark reads, under
 * OpenAI's names: `x-request-id` (Azure's `apim-request-id` when absent),
 * `x-ratelimit-remaining-requests` and `x-ratelimit-remaining-tokens` (Azure
 * sends no `-limit-` or `-reset-` ones), and the wait before a retry as both
 * `retry-after-ms` and `retry-after` (whole seconds, at least 1) from
 * whichever of the two Azure sent.
 *
 * @param headers - the Azure response's headers.
 * @returns the headers, lower-case names; absent ones left out.
 */
export function mapAzureHeaders(headers: HeaderLookup): Record<string, string> {
  const read = (name: string): string | undefined => {
    const value = headers.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const result: Record<string, string> = {};
  const requestId = read('x-request-id') ?? read('apim-request-id');
  if (requestId !== undefined) result['x-request-id'] = requestId;
  for (const name of COPIED) {
    const value = read(name);
    if (value !== undefined) result[name] = value;
  }
  const waitMs = parseRetryAfter({ get: (name) => read(name) ?? null });
  if (waitMs !== undefined) {
    result['retry-after-ms'] = String(waitMs);
    result['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
  }
  return result;
}
