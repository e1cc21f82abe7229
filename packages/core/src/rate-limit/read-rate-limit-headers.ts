import { parseGoDuration } from './parse-go-duration.js';

/** What the upstream said about one limit (requests or tokens) on one response. */
export interface RateLimitHeaderValues {
  /** `x-ratelimit-limit-*`: the account's limit per minute. */
  limit?: number | undefined;
  /** `x-ratelimit-remaining-*`: what the upstream would still admit when it answered. */
  remaining?: number | undefined;
  /** `x-ratelimit-reset-*` in milliseconds: when the limit is fully replenished. */
  resetMs?: number | undefined;
}

/** The `x-ratelimit-*` headers of one response, read. */
export interface RateLimitHeaders {
  /** The request limit, when the response carried any of its headers. */
  requests?: RateLimitHeaderValues | undefined;
  /** The token limit, when the response carried any of its headers. */
  tokens?: RateLimitHeaderValues | undefined;
}

/** Response headers in any of the shapes HTTP libraries give them. */
export type HeaderSource =
  | Headers
  | {
      /** The value of a header (case-insensitive name), when present. */
      get(name: string): string | null | undefined;
    }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

function reader(source: HeaderSource): (name: string) => string | undefined {
  if (typeof (source as { get?: unknown }).get === 'function') {
    const headers = source as { get(name: string): string | null | undefined };
    return (name) => headers.get(name) ?? undefined;
  }
  const lowerCased = new Map<string, string>();
  for (const [name, value] of Object.entries(source)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === 'string') lowerCased.set(name.toLowerCase(), text);
  }
  return (name) => lowerCased.get(name);
}

function count(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+(?:\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

function read(get: (name: string) => string | undefined, kind: string) {
  const reset = get(`x-ratelimit-reset-${kind}`);
  const values: RateLimitHeaderValues = {
    limit: count(get(`x-ratelimit-limit-${kind}`)),
    remaining: count(get(`x-ratelimit-remaining-${kind}`)),
    resetMs: reset === undefined ? undefined : parseGoDuration(reset),
  };
  const known =
    values.limit !== undefined || values.remaining !== undefined || values.resetMs !== undefined;
  return known ? values : undefined;
}

/**
 * Reads OpenAI's `x-ratelimit-limit-*`, `x-ratelimit-remaining-*` and
 * `x-ratelimit-reset-*` headers (`*` = `requests` or `tokens`). Values that
 * are missing or malformed are left out rather than guessed.
 *
 * @param source - a `Headers` object, or a plain record of header names to values.
 * @returns the values found, per limit.
 *
 * @example
 * ```ts
 * readRateLimitHeaders(response.headers);
 * // { requests: { limit: 500, remaining: 499, resetMs: 120 }, tokens: { … } }
 * ```
 */
export function readRateLimitHeaders(source: HeaderSource): RateLimitHeaders {
  const get = reader(source);
  const headers: RateLimitHeaders = {};
  const requests = read(get, 'requests');
  const tokens = read(get, 'tokens');
  if (requests !== undefined) headers.requests = requests;
  if (tokens !== undefined) headers.tokens = tokens;
  return headers;
}
