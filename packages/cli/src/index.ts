/**
 * `@bulwark/cli`: the `bulwark` command (DESIGN §6) and the pieces it is made
 * of, for embedding or testing the command line in process.
 *
 * @packageDocumentation
 */
export { runCli } from './run-cli.js';
export { createProgram } from './create-program.js';
export type { CliContext, InputStream, OutputStream } from './cli-context.js';
export { EXIT_CODES, type ExitCode } from './errors/exit-codes.js';
export { CliError, type CliErrorOptions } from './errors/cli-error.js';
export { UsageError } from './errors/usage-error.js';
export { describeError, type ErrorDescription } from './errors/describe-error.js';
export { useColor } from './io/use-color.js';
