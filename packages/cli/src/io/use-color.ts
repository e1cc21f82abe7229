import type { OutputStream } from '../cli-context.js';

/**
 * Tells whether to colour what goes to `stream`: only on a terminal, and
 * never when `NO_COLOR` is set to a non-empty value (https://no-color.org)
 * or `TERM` is `dumb`.
 *
 * @param stream - the stream written to.
 * @param env - the environment.
 */
export function useColor(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
