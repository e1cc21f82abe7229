import { CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { createProgram } from './create-program.js';
import { EXIT_CODES, type ExitCode } from './errors/exit-codes.js';
import { reportError } from './errors/report-error.js';

/**
 * Runs `bulwark` with the given arguments (without `node` and the script
 * path) and returns the exit code instead of exiting: 0 success, 1
 * upstream or runtime error, 2 usage or configuration error, 130 when the
 * context's signal was aborted (SIGINT). Errors are printed as one line on
 * stderr; nothing is thrown.
 *
 * @param argv - the arguments, e.g. `['chat', 'Hello']`.
 * @param context - streams, environment, working folder and interrupt signal.
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), context);
 * ```
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const program = createProgram(context);
  let exitCode: ExitCode;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    exitCode = EXIT_CODES.success;
  } catch (error) {
    // Commander has already printed its own message (usage errors, help, version).
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? EXIT_CODES.success : EXIT_CODES.usage;
    } else {
      exitCode = context.signal.aborted ? EXIT_CODES.interrupted : reportError(error, context);
    }
  }
  return context.signal.aborted ? EXIT_CODES.interrupted : exitCode;
}
