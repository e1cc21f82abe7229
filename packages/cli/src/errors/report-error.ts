import type { CliContext } from '../cli-context.js';
import { createPainter } from '../io/paint.js';
import { useColor } from '../io/use-color.js';
import { describeError } from './describe-error.js';
import type { ExitCode } from './exit-codes.js';

/**
 * Prints an error as one line on stderr, `bulwark: <message> [<code>]`, and
 * returns the exit code to end with. An empty message (the command already
 * reported the problem) prints nothing.
 *
 * @param error - the thrown value.
 * @param context - the CLI's streams and environment.
 */
export function reportError(error: unknown, context: CliContext): ExitCode {
  const { code, message, exitCode } = describeError(error);
  if (message !== '') {
    const paint = createPainter(useColor(context.stderr, context.env));
    context.stderr.write(`${paint('red', 'bulwark:')} ${message} ${paint('dim', `[${code}]`)}\n`);
  }
  return exitCode;
}
