import { resolve } from 'node:path';
import type { CliContext } from '../../cli-context.js';
import { UsageError } from '../../errors/usage-error.js';
import { findPartBatch } from './find-part-batch.js';
import { openRemoteClient } from './open-remote-client.js';
import type { RemoteBatch } from './remote-batch.js';
import { TERMINAL_STATUSES } from './remote-batch.js';
import { createRemoteRun, partIdentity, remotePaths, type RemoteRun } from './remote-run.js';
import { readRemoteState, type RemotePartState } from './remote-state.js';

/** Flags of `bulwark batch status|cancel`. */
export interface RemoteStatusOptions {
  /** Upstream base URL; else `OPENAI_BASE_URL`. */
  baseUrl?: string | undefined;
}

function openRun(output: string, options: RemoteStatusOptions, context: CliContext): RemoteRun {
  const paths = remotePaths(resolve(context.cwd, output));
  const state = readRemoteState(paths.state);
  if (state === undefined) {
    throw new UsageError(`No remote batch run for ${output} (no ${output}.remote.json)`);
  }
  return createRemoteRun(openRemoteClient(context, options.baseUrl), paths, state);
}

/** The batch of a part as the API has it now (found by metadata when its id was never recorded). */
async function liveBatch(run: RemoteRun, part: RemotePartState): Promise<RemoteBatch | undefined> {
  if (part.batchId !== undefined) return run.client.retrieveBatch(part.batchId);
  if (part.createStartedAt === undefined) return undefined;
  return findPartBatch(run.client, partIdentity(run, part), part.createStartedAt);
}

function describe(part: RemotePartState, batch: RemoteBatch | undefined): string {
  if (batch === undefined) return `part ${part.index}: ${part.rows} rows, not submitted yet`;
  const counts = batch.request_counts;
  const done =
    counts == null
      ? ''
      : ` ${counts.completed + counts.failed}/${counts.total} rows done, ${counts.failed} failed`;
  return `part ${part.index}: ${batch.id} ${batch.status}${done}`;
}

/**
 * `bulwark batch status <output.jsonl>`: the live status of each batch of
 * the remote run writing that output, one line per part on stdout.
 *
 * @param output - the output file the run writes.
 * @param options - `--base-url`.
 * @param context - streams and environment.
 */
export async function runRemoteStatus(
  output: string,
  options: RemoteStatusOptions,
  context: CliContext,
): Promise<void> {
  const run = openRun(output, options, context);
  const { state } = run;
  if (state.merged === true) {
    const outcome = state.outcome ?? { succeeded: 0, failed: 0 };
    context.stdout.write(
      `${output}: complete, ${state.rows} rows: ${outcome.succeeded} succeeded, ${outcome.failed} failed\n`,
    );
    return;
  }
  for (const part of state.parts) {
    context.stdout.write(`${describe(part, await liveBatch(run, part))}\n`);
  }
}

/**
 * `bulwark batch cancel <output.jsonl>`: cancels every batch of the run that
 * has not ended. A later run of the same command collects what they
 * finished; the rows they never ran get a `batch_cancelled` error line.
 *
 * @param output - the output file the run writes.
 * @param options - `--base-url`.
 * @param context - streams and environment.
 */
export async function runRemoteCancel(
  output: string,
  options: RemoteStatusOptions,
  context: CliContext,
): Promise<void> {
  const run = openRun(output, options, context);
  for (const part of run.state.parts) {
    const batch = await liveBatch(run, part);
    if (batch === undefined) {
      part.status = 'cancelled';
      run.save();
      context.stdout.write(
        `part ${part.index}: ${part.rows} rows, not submitted: it never will be\n`,
      );
      continue;
    }
    if (TERMINAL_STATUSES.has(batch.status) || batch.status === 'cancelling') {
      context.stdout.write(`${describe(part, batch)}\n`);
      continue;
    }
    context.stdout.write(`${describe(part, await run.client.cancelBatch(batch.id))}\n`);
  }
}
