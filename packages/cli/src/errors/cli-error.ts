import type { ExitCode } from './exit-codes.js';

/** Options of {@link CliError}. */
export interface CliErrorOptions {
  /** What went wrong, in one line. An empty message means the command already reported it. */
  message: string;
  /** Machine-readable code printed with the message, e.g. `usage_error`. */
  code: string;
  /** The exit code the process ends with. */
  exitCode: ExitCode;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A failure of the command line itself (bad usage, an unreadable input file,
 * a failed check): it carries the exit code the process ends with.
 *
 * @example
 * ```ts
 * throw new CliError({ message: 'No prompt given', code: 'usage_error', exitCode: EXIT_CODES.usage });
 * ```
 */
export class CliError extends Error {
  /** Machine-readable code, e.g. `usage_error`. */
  readonly code: string;
  /** The exit code the process ends with. */
  readonly exitCode: ExitCode;

  /** @param options - message, code, exit code and cause. */
  constructor(options: CliErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = options.code;
    this.exitCode = options.exitCode;
  }
}
