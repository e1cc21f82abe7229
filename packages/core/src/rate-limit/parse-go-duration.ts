const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
  ns: 0.000_001,
};

const DURATION =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|μs|ns)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|μs|ns))*$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|μs|ns)/g;

/**
 * Parses a duration written the way Go's `time.Duration.String()` writes it,
 * which is how OpenAI sends `x-ratelimit-reset-requests` and
 * `x-ratelimit-reset-tokens`: `0s`, `12ms`, `1s`, `6m0s`, `1m30.5s`, `1h2m3s`.
 * A bare number is read as seconds, as some proxies send it.
 *
 * @param text - the header value.
 * @returns the duration in milliseconds, or `undefined` when `text` is not a
 * non-negative duration.
 *
 * @example
 * ```ts
 * parseGoDuration('1m30.5s'); // 90500
 * parseGoDuration('12ms'); // 12
 * ```
 */
export function parseGoDuration(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return total;
}
