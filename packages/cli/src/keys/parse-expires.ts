import { InvalidArgumentError } from 'commander';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * The argument of `--expires`: an ISO 8601 date, valid through the end of
 * that day in UTC (so `2026-12-31` expires at `2027-01-01T00:00:00Z`); an
 * ISO 8601 timestamp (UTC unless it carries an offset); or `never`.
 *
 * @param value - the argument.
 * @returns the expiry in ms since the epoch, or `null` for `never`.
 * @throws InvalidArgumentError (exit 2) for anything else, e.g. `2026-02-30`.
 */
export function parseExpires(value: string): number | null {
  const text = value.trim();
  if (text === 'never' || text === 'none') return null;
  const date = DATE.exec(text);
  if (date !== null) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    const start = Date.UTC(year, month - 1, day);
    if (new Date(start).toISOString().slice(0, 10) === text) return start + 86_400_000;
  } else if (TIMESTAMP.test(text)) {
    const zoned = /(?:Z|[+-]\d{2}:\d{2})$/i.test(text) ? text : `${text}Z`;
    const time = Date.parse(zoned);
    if (Number.isFinite(time) && sameCalendarDate(text, zoned, time)) return time;
  }
  throw new InvalidArgumentError(
    'expected an ISO 8601 date (2026-12-31, valid through that day, UTC), a timestamp (2026-12-31T18:00:00Z) or never',
  );
}

// Date.parse rolls 2026-02-30T10:00Z over to March; a real timestamp keeps its own date.
function sameCalendarDate(text: string, zoned: string, time: number): boolean {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(zoned);
  const shift =
    offset === null
      ? 0
      : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
  return new Date(time + shift).toISOString().slice(0, 10) === text.slice(0, 10);
}
