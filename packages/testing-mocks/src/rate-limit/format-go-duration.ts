function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/**
 * Formats a duration the way Go's `time.Duration.String()` does, which is how
 * OpenAI writes `x-ratelimit-reset-*`: `0s`, `12ms`, `1.5ms`, `1s`,
 * `1m30.5s`, `6m0s`, `1h0m0s`.
 *
 * @param milliseconds - the duration; fractions below a millisecond are kept to the microsecond.
 * @example
 * ```ts
 * formatGoDuration(90_500); // '1m30.5s'
 * ```
 */
export function formatGoDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) throw new RangeError('A duration must be finite');
  if (milliseconds < 0) return `-${formatGoDuration(-milliseconds)}`;
  if (milliseconds === 0) return '0s';
  if (milliseconds < 0.001) return `${trim(milliseconds * 1_000_000, 0)}ns`;
  if (milliseconds < 1) return `${trim(milliseconds * 1000, 3)}µs`;
  if (milliseconds < 1000) return `${trim(milliseconds, 3)}ms`;
  const totalMilliseconds = Math.round(milliseconds);
  const hours = Math.floor(totalMilliseconds / 3_600_000);
  const minutes = Math.floor((totalMilliseconds % 3_600_000) / 60_000);
  const seconds = (totalMilliseconds % 60_000) / 1000;
  let text = '';
  if (hours > 0) text += `${hours}h`;
  if (hours > 0 || minutes > 0) text += `${minutes}m`;
  return `${text}${trim(seconds, 3)}s`;
}
