import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { CliContext } from '../../cli-context.js';
import { isFailedOutputLine, type BatchOutputLine } from '../batch-output-line.js';
import type { BatchApiClient } from './batch-api-client.js';
import { readCustomIdLines } from './read-jsonl-lines.js';
import type { RemoteRun } from './remote-run.js';
import { runRemoteJob } from './run-remote-job.js';

/**
 * `--retry-failed` after a remote run: the failed rows (errors, HTTP
 * errors, expired, cancelled) of the output go through the Batch API again
 * as a run of their own beside the output (`<output>.retry.jsonl`, with its
 * own state file, so it resumes like any run), and their new lines then
 * replace the old ones in the output, in place: still every `custom_id`
 * exactly once, in input order. Returns whether the round is complete.
 *
 * @param run - the finished run.
 * @param job - input, client and waiting.
 * @param context - streams and interrupt signal.
 */
export async function retryFailedRemotely(
  run: RemoteRun,
  job: {
    input: string;
    inputName: string;
    client: BatchApiClient;
    wait: boolean;
    pollIntervalMs?: number | undefined;
    rowsPerBatch?: number | undefined;
  },
  context: CliContext,
): Promise<boolean> {
  const output = run.paths.output;
  const retryInput = `${output}.retry-input.jsonl`;
  const retryOutput = `${output}.retry.jsonl`;
  if (run.state.retry === undefined) {
    const failed = new Set<string>();
    for await (const { customId, value } of readCustomIdLines(output)) {
      if (isFailedOutputLine(value as BatchOutputLine)) failed.add(customId);
    }
    if (failed.size === 0) return true;
    // Files a previous round left behind (a crash after it was applied) must not be reused.
    await removeRound(retryInput, retryOutput);
    await writeLines(retryInput, filterLines(job.input, failed));
    run.state.retry = { round: (run.state.retryRounds ?? 0) + 1 };
    run.save();
    context.stderr.write(`batch: running ${failed.size} failed rows again\n`);
  }
  const retry = await runRemoteJob(
    {
      ...job,
      input: retryInput,
      inputName: `${job.inputName} (failed rows)`,
      output: retryOutput,
      outputName: retryOutput,
    },
    context,
  );
  if (!retry.complete) return false;
  const replacements = new Map<string, string>();
  for await (const { customId, line } of readCustomIdLines(retryOutput)) {
    replacements.set(customId, line);
  }
  await writeLines(output, replaceLines(output, replacements));
  let succeeded = 0;
  let failed = 0;
  for await (const { value } of readCustomIdLines(output)) {
    if (isFailedOutputLine(value as BatchOutputLine)) failed += 1;
    else succeeded += 1;
  }
  run.state.outcome = { succeeded, failed };
  run.state.retryRounds = run.state.retry?.round ?? 1;
  run.state.retry = undefined;
  run.save();
  await removeRound(retryInput, retryOutput);
  return true;
}

async function removeRound(retryInput: string, retryOutput: string): Promise<void> {
  for (const file of [retryInput, retryOutput, `${retryOutput}.remote.json`]) {
    await rm(file, { force: true });
  }
  await rm(`${retryOutput}.remote`, { recursive: true, force: true });
}

async function* filterLines(input: string, keep: ReadonlySet<string>): AsyncGenerator<string> {
  for await (const { customId, line } of readCustomIdLines(input)) {
    if (keep.has(customId)) yield line;
  }
}

async function* replaceLines(
  path: string,
  replacements: ReadonlyMap<string, string>,
): AsyncGenerator<string> {
  for await (const { customId, line } of readCustomIdLines(path)) {
    yield replacements.get(customId) ?? line;
  }
}

/** Writes lines to a temporary file renamed over `path` (the reader may be `path` itself). */
async function writeLines(path: string, lines: AsyncIterable<string>): Promise<void> {
  const temporary = `${path}.partial`;
  const target = createWriteStream(temporary);
  for await (const line of lines) {
    if (!target.write(`${line}\n`)) await once(target, 'drain');
  }
  target.end();
  await once(target, 'close');
  await rename(temporary, path);
}
