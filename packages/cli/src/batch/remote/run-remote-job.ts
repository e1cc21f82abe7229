import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { CliContext } from '../../cli-context.js';
import { CliError } from '../../errors/cli-error.js';
import { EXIT_CODES } from '../../errors/exit-codes.js';
import { UsageError } from '../../errors/usage-error.js';
import type { BatchApiClient } from './batch-api-client.js';
import { collectParts } from './collect-parts.js';
import { createRemoteRun, remotePaths, type RemoteRun } from './remote-run.js';
import { readRemoteState, writeRemoteState } from './remote-state.js';
import { BATCH_FILE_LIMITS, splitBatchInput } from './split-batch-input.js';
import { writeMergedOutput } from './write-merged-output.js';

/** What {@link runRemoteJob} needs. */
export interface RemoteJobOptions {
  /** The input JSONL (absolute) and how to name it in messages. */
  input: string;
  inputName: string;
  /** The output JSONL (absolute) and how to name it in messages. */
  output: string;
  outputName: string;
  client: BatchApiClient;
  /** Wait for every batch to end (`false`: `--no-wait`). */
  wait: boolean;
  /** First wait between polls, in ms. */
  pollIntervalMs?: number | undefined;
  /** Rows per batch at most. @default 50000 */
  rowsPerBatch?: number | undefined;
}

/**
 * One remote run from input to output, resumable at every step: validate and
 * split the input, load or create the state file, submit, poll and download
 * every part, then merge them into the output (in input order) and drop the
 * work folder. Returns the run, and whether the output is complete (`false`
 * when batches are still running after `--no-wait` or an interrupt).
 *
 * @param options - input, output, client, waiting.
 * @param context - streams and interrupt signal.
 * @throws CliError (exit 2) for an invalid input, or one that changed since it was submitted.
 */
export async function runRemoteJob(
  options: RemoteJobOptions,
  context: CliContext,
): Promise<{ run: RemoteRun; complete: boolean }> {
  const paths = remotePaths(options.output);
  let state = readRemoteState(paths.state);
  if (state?.merged === true) {
    return { run: createRemoteRun(options.client, paths, state), complete: true };
  }
  if (state === undefined && existsSync(paths.output)) {
    // Another run's output (a local one?): writing over it would throw its rows away.
    throw new UsageError(
      `${options.outputName} exists and is not the output of a --remote run; choose another -o`,
    );
  }
  await mkdir(paths.folder, { recursive: true });
  // The parts are written again on every run: the same input splits the same way.
  const split = await splitBatchInput({
    input: options.input,
    folder: paths.folder,
    limits: {
      ...BATCH_FILE_LIMITS,
      ...(options.rowsPerBatch === undefined ? {} : { maxRows: options.rowsPerBatch }),
    },
  });
  if (split.problems.length > 0) {
    for (const problem of split.problems) {
      context.stderr.write(`${options.inputName}:${problem.line}: ${problem.message}\n`);
    }
    if (state === undefined) await rm(paths.folder, { recursive: true, force: true });
    const count = split.problems.length;
    throw new CliError({
      message: `${count} problem${count === 1 ? '' : 's'} in ${options.inputName}; nothing was sent`,
      code: 'invalid_batch_input',
      exitCode: EXIT_CODES.usage,
    });
  }
  if (state !== undefined && state.inputSha256 !== split.sha256) {
    throw new UsageError(
      `${options.inputName} changed since its batches were submitted to ${options.outputName}; ` +
        `use another output file, or delete ${options.outputName}.remote.json to start over`,
    );
  }
  if (state === undefined) {
    state = {
      version: 1,
      job: randomBytes(12).toString('hex'),
      inputSha256: split.sha256,
      rows: split.rows,
      parts: split.parts.map((part) => ({ index: part.index, rows: part.rows })),
    };
    writeRemoteState(paths.state, state);
  }
  const run = createRemoteRun(options.client, paths, state);
  if (!(await collectParts(run, options, context))) return { run, complete: false };
  const merged = await writeMergedOutput(run);
  state.merged = true;
  state.outcome = { succeeded: merged.succeeded, failed: merged.failed };
  run.save();
  await rm(paths.folder, { recursive: true, force: true });
  for (const [index, missing] of merged.missingByPart) {
    const part = state.parts[index];
    context.stderr.write(
      `${options.outputName}: part ${index} (${part?.batchId ?? '?'}, ${part?.status ?? '?'}): ` +
        `${missing} rows had no result in the API's files\n`,
    );
  }
  return { run, complete: true };
}
