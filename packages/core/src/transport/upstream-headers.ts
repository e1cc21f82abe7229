import type { UpstreamHeaders } from './transport.js';

/** undici's response headers: lower-case names, a list for a repeated header. */
export type RawHeaderRecord = Record<string, string | string[] | undefined>;

/**
 * Reads undici's raw header record in place: nothing is copied or parsed
 * until a header is asked for, and no WHATWG `Headers` object is built.
 *
 * @param raw - the `headers` of an undici response.
 * @returns the headers behind the transport's interface.
 */
export function fromRawHeaders(raw: RawHeaderRecord): UpstreamHeaders {
  return {
    get: (name) => joined(raw[name.toLowerCase()]),
    *entries() {
      for (const name in raw) {
        const value = joined(raw[name]);
        if (value !== undefined) yield [name, value];
      }
    },
    forEach(visit) {
      for (const name in raw) {
        const value = joined(raw[name]);
        if (value !== undefined) visit(value, name);
      }
    },
  };
}

/**
 * Reads a `fetch` response's `Headers`.
 *
 * @param headers - the response headers.
 * @returns the headers behind the transport's interface.
 */
export function fromFetchHeaders(headers: Headers): UpstreamHeaders {
  return {
    get: (name) => headers.get(name) ?? undefined,
    // `Headers` iterates lower-case names, repeated values already joined.
    entries: () => headers.entries(),
    forEach: (visit) => headers.forEach(visit),
  };
}

function joined(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}
