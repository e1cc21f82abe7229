/** Anything with a case-insensitive `get(name)`, such as `Headers`. */
export interface HeaderReader {
  /** The value of a header (case-insensitive name), or `null` or `undefined` when absent. */
  get(name: string): string | null | undefined;
}

/**
 * Reads how long the upstream asks to wait before a retry: `retry-after-ms`
 * (milliseconds, OpenAI's own header) first, then the standard
 * `retry-after` in seconds or as an HTTP date. The value is not capped here;
 * the retry policy applies its own cap.
 *
 * @param headers - the response headers.
 * @param now - the current time in epoch milliseconds, for HTTP dates. @default Date.now()
 * @returns the wait in milliseconds (never negative), or `undefined` when the headers say nothing usable.
 */
export function parseRetryAfter(
  headers: HeaderReader | undefined,
  now: number = Date.now(),
): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = parseNonNegativeNumber(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return Math.ceil(milliseconds);
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  const seconds = parseNonNegativeNumber(retryAfter);
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function parseNonNegativeNumber(value: string | null | undefined): number | undefined {
  if (value == null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
