/**
 * `@bulwark/cli`: the `bulwark` command (the CLI README) and the pieces it is made
 * of, for embedding or testing the command line in process, and the batch
 * file helpers (input validation, resumable output) for programs that handle
 * OpenAI Batch API files themselves.
 *
 * @module @bulwark/cli
 */
export { runCli } from './run-cli.js';
export { createProgram } from './create-program.js';
export type { CliContext, InputStream, OutputStream } from './cli-context.js';
export { EXIT_CODES, type ExitCode } from './errors/exit-codes.js';
export { CliError, type CliErrorOptions } from './errors/cli-error.js';
export { UsageError } from './errors/usage-error.js';
export { describeError, type ErrorDescription } from './errors/describe-error.js';
export { useColor } from './io/use-color.js';

export {
  BATCH_CHAT_URL,
  batchInputLineSchema,
  type BatchInputLine,
} from './batch/batch-input-line.js';
export {
  parseBatchInput,
  type BatchInputProblem,
  type BatchRow,
  type ParsedBatchInput,
} from './batch/parse-batch-input.js';
export {
  batchOutputLineSchema,
  isFailedOutputLine,
  type BatchOutputLine,
} from './batch/batch-output-line.js';
export { toBatchOutputLine, type BatchRowOutcome } from './batch/to-batch-output-line.js';
export {
  openBatchOutput,
  type BatchOutputFile,
  type BatchOutputRecovery,
  type OpenBatchOutputOptions,
} from './batch/open-batch-output.js';
export {
  BATCH_FILE_LIMITS,
  type BatchFileLimits,
  splitBatchInput,
  type SplitInput,
  type SplitOptions,
} from './batch/remote/split-batch-input.js';
export type { InputPart } from './batch/remote/part-writer.js';
