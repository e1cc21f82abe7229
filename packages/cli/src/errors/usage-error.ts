import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/**
 * Bad arguments or input, found before anything is sent: exit code 2, code
 * `usage_error`.
 *
 * @example
 * ```ts
 * throw new UsageError('No prompt: pass one as an argument or pipe it on stdin');
 * ```
 */
export class UsageError extends CliError {
  /** @param message - what is wrong, in one line. */
  constructor(message: string) {
    super({ message, code: 'usage_error', exitCode: EXIT_CODES.usage });
    this.name = 'UsageError';
  }
}
