import { isBulwarkError } from '@bulwark/core';
import { CliError } from './cli-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** How the CLI reports an error: one line, a code, and the exit code. */
export interface ErrorDescription {
  /** Machine-readable code: the core error's `code`, or the CLI's own. */
  code: string;
  /** The message on one line (multi-line messages are joined with `; `). */
  message: string;
  /** The exit code the process ends with. */
  exitCode: ExitCode;
}

/** Core error codes caused by the user's own input or setup, found before anything is sent. */
const USAGE_CODES = new Set(['invalid_config', 'invalid_request']);

/**
 * Maps any thrown value to the line the CLI prints and the exit code it ends
 * with (the CLI README): configuration and request validation errors exit 2,
 * `aborted` exits 130, every other core error (upstream, network, timeout,
 * breaker, …) and any unexpected error exits 1. Messages of core errors are
 * already scrubbed of secrets.
 *
 * @param error - the thrown value.
 * @example
 * ```ts
 * const { code, message, exitCode } = describeError(error);
 * stderr.write(`bulwark: ${message} [${code}]\n`);
 * ```
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof CliError) {
    return { code: error.code, message: oneLine(error.message), exitCode: error.exitCode };
  }
  if (isBulwarkError(error)) {
    const requestId = error.requestId === undefined ? '' : ` (request ${error.requestId})`;
    return {
      code: error.code,
      message: oneLine(error.message) + requestId,
      exitCode: exitCodeOf(error.code),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: oneLine(message), exitCode: EXIT_CODES.failure };
}

function exitCodeOf(code: string): ExitCode {
  if (USAGE_CODES.has(code)) return EXIT_CODES.usage;
  if (code === 'aborted') return EXIT_CODES.interrupted;
  return EXIT_CODES.failure;
}

function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => line !== '')
    .join('; ')
    .replace(/:;/g, ':');
}
