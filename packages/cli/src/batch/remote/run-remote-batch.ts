import { resolve } from 'node:path';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../errors/cli-error.js';
import { EXIT_CODES } from '../../errors/exit-codes.js';
import { UsageError } from '../../errors/usage-error.js';
import { openRemoteClient } from './open-remote-client.js';
import { retryFailedRemotely } from './retry-failed-remotely.js';
import { runRemoteJob } from './run-remote-job.js';
import { takeRunLock } from './run-lock.js';
import type { BatchApiClient } from './batch-api-client.js';

/** Flags of `bulwark batch --remote`. */
export interface RemoteBatchOptions {
  /** The output JSONL (required: the state file lives beside it). */
  output?: string | undefined;
  /** Upstream base URL; else `OPENAI_BASE_URL`. */
  baseUrl?: string | undefined;
  /** `false` with `--no-wait`: submit (and collect what has ended), then exit. */
  wait: boolean;
  /** Run the failed and expired rows again, as new batches. */
  retryFailed: boolean;
  /** First wait between polls, in ms. @default 1000 */
  pollIntervalMs?: number | undefined;
  /** Rows per batch at most. @default 50000 (the Batch API's limit) */
  rowsPerBatch?: number | undefined;
}

/**
 * Runs `bulwark batch <input> -o <output> --remote` (the CLI README):
 * OpenAI's Batch API end to end, resumable at every step (see
 * `runRemoteJob`), then with `--retry-failed` a new round for the rows that
 * failed. Exits 1 when rows failed, 0 otherwise (also when batches are still
 * running after `--no-wait`).
 *
 * @param input - the input JSONL.
 * @param options - the flags.
 * @param context - streams, environment and interrupt signal.
 */
export async function runRemoteBatch(
  input: string,
  options: RemoteBatchOptions,
  context: CliContext,
): Promise<void> {
  const { output } = options;
  if (output === undefined) throw new UsageError('--remote needs an output file (-o)');
  const inputPath = resolve(context.cwd, input);
  const outputPath = resolve(context.cwd, output);
  if (outputPath === inputPath) throw new UsageError('The output file must differ from the input');
  const client = openRemoteClient(context, options.baseUrl);
  const release = takeRunLock(`${outputPath}.remote.lock`, output);
  try {
    await runLocked(input, inputPath, outputPath, client, { ...options, output }, context);
  } finally {
    release();
  }
}

async function runLocked(
  input: string,
  inputPath: string,
  outputPath: string,
  client: BatchApiClient,
  options: RemoteBatchOptions & { output: string },
  context: CliContext,
): Promise<void> {
  const job = {
    client,
    wait: options.wait,
    pollIntervalMs: options.pollIntervalMs,
    rowsPerBatch: options.rowsPerBatch,
  };
  const { run, complete } = await runRemoteJob(
    { ...job, input: inputPath, inputName: input, output: outputPath, outputName: options.output },
    context,
  );
  if (!complete) return;
  if (options.retryFailed || run.state.retry !== undefined) {
    if (
      !(await retryFailedRemotely(run, { ...job, input: inputPath, inputName: input }, context))
    ) {
      return;
    }
  }
  const { succeeded, failed } = run.state.outcome ?? { succeeded: 0, failed: 0 };
  context.stderr.write(
    `batch: ${run.state.rows} rows in ${options.output}: ${succeeded} succeeded, ${failed} failed\n`,
  );
  if (failed > 0 && !context.signal.aborted) {
    throw new CliError({
      message: `${failed} of ${run.state.rows} rows failed; rerun with --retry-failed to run them again`,
      code: 'batch_rows_failed',
      exitCode: EXIT_CODES.failure,
    });
  }
}
