import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createClient, type ChatRequest } from '@bulwark/core';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';
import { UsageError } from '../errors/usage-error.js';
import { isFailedOutputLine } from './batch-output-line.js';
import { createBatchProgress } from './create-batch-progress.js';
import { formatBatchSummary } from './format-batch-summary.js';
import { openBatchOutput, type BatchOutputFile } from './open-batch-output.js';
import { parseBatchInput, type BatchRow } from './parse-batch-input.js';
import { runConcurrently } from './run-concurrently.js';
import { toBatchOutputLine, type BatchRowOutcome } from './to-batch-output-line.js';

/** Flags of `bulwark batch`. */
export interface BatchOptions {
  /** Output file. @default the input path with `.jsonl` replaced by `.output.jsonl` */
  output?: string | undefined;
  /** Client-side requests per minute (core's `rateLimit.rpm`); else `BULWARK_RPM`. */
  rpm?: number | undefined;
  /** Client-side tokens per minute (core's `rateLimit.tpm`); else `BULWARK_TPM`. */
  tpm?: number | undefined;
  /** Rows in flight at most (and core's `bulkhead.maxConcurrent`); else `BULWARK_MAX_CONCURRENCY`. */
  maxConcurrency?: number | undefined;
  /** Run again the rows whose output line is a failure. */
  retryFailed: boolean;
  /** Upstream base URL; else `OPENAI_BASE_URL`. */
  baseUrl?: string | undefined;
  /** Interval of plain progress lines when stderr is not a terminal, in ms (0: none). */
  progressIntervalMs?: number | undefined;
}

/**
 * Runs `bulwark batch`: validates the whole input (nothing is sent when a
 * line is bad), opens the output for a resumable run, runs the pending rows
 * concurrently through one core client (retry, breaker, bulkhead, cache,
 * rate limits), appends each result as it completes, and prints a summary.
 *
 * @param input - path of the input JSONL.
 * @param options - the flags.
 * @param context - streams, environment and interrupt signal.
 * @throws `CliError` with exit code 2 for bad input or a bad output file, 1 when rows failed.
 */
export async function runBatch(
  input: string,
  options: BatchOptions,
  context: CliContext,
): Promise<void> {
  const startedAt = performance.now();
  const inputPath = resolve(context.cwd, input);
  const outputPath = resolve(context.cwd, options.output ?? defaultOutputPath(input));
  if (outputPath === inputPath) throw new UsageError('The output file must differ from the input');
  const rows = validateInput(input, await readInput(inputPath, input), context);
  const config = loadCliConfig(context, {
    baseURL: options.baseUrl,
    rateLimit: { rpm: options.rpm, tpm: options.tpm },
    bulkhead: { maxConcurrent: options.maxConcurrency },
  });
  // The client first: a missing key fails before the output file is touched.
  const client = createClient(config);
  let output: BatchOutputFile;
  try {
    output = openBatchOutput({ path: outputPath, retryFailed: options.retryFailed });
  } catch (error) {
    await client.close();
    throw error;
  }
  reportRecovery(output, options.output ?? defaultOutputPath(input), context);
  reportForeignRows(output, rows, options.output ?? defaultOutputPath(input), context);
  const pending = rows.filter((row) => !output.done.has(row.custom_id));
  const progress = createBatchProgress({
    stream: context.stderr,
    total: rows.length,
    alreadyDone: rows.length - pending.length,
    intervalMs: options.progressIntervalMs,
  });
  try {
    await runConcurrently({
      items: pending,
      concurrency: config.bulkhead.maxConcurrent,
      signal: context.signal,
      run: async (row: BatchRow) => {
        let outcome: BatchRowOutcome;
        try {
          // parseBatchInput checked the body against core's request schema.
          const request = { ...(row.body as ChatRequest), stream: false as const };
          outcome = {
            completion: await client.chat.completions.create(request, { signal: context.signal }),
          };
        } catch (error) {
          // An interrupted row is not done: it runs again on the next run.
          if (context.signal.aborted) return;
          outcome = { error };
        }
        const line = toBatchOutputLine(row.custom_id, outcome);
        output.append(line);
        progress.record(isFailedOutputLine(line) ? 'failed' : 'succeeded');
      },
    });
  } finally {
    progress.stop();
    output.close();
    await client.close();
  }
  const states = rows.map((row) => output.done.get(row.custom_id));
  const failed = states.filter((state) => state === 'failed').length;
  const usage = client.health().usage;
  context.stderr.write(
    `${formatBatchSummary({
      total: rows.length,
      succeeded: states.filter((state) => state === 'succeeded').length,
      failed,
      ranNow: progress.counts.done,
      skipped: rows.length - pending.length,
      promptTokens: usage.promptTokens,
      cachedTokens: usage.cachedTokens,
      completionTokens: usage.completionTokens,
      costUsd: usage.costUsd,
      elapsedMs: performance.now() - startedAt,
    })}\n`,
  );
  if (failed > 0 && !context.signal.aborted) {
    throw new CliError({
      message: `${failed} of ${rows.length} rows failed; rerun with --retry-failed to run them again`,
      code: 'batch_rows_failed',
      exitCode: EXIT_CODES.failure,
    });
  }
}

function reportRecovery(output: BatchOutputFile, name: string, context: CliContext): void {
  const { tornBytes, droppedFailures } = output.recovery;
  if (tornBytes > 0) {
    context.stderr.write(
      `${name}: cut off a torn last line (${tornBytes} bytes) left by a crash\n`,
    );
  }
  if (droppedFailures > 0) {
    context.stderr.write(`${name}: ${droppedFailures} failed rows will run again\n`);
  }
}

/** Warns when the output holds rows of another input: most likely the wrong `-o` file. */
function reportForeignRows(
  output: BatchOutputFile,
  rows: readonly BatchRow[],
  name: string,
  context: CliContext,
): void {
  const inputIds = new Set(rows.map((row) => row.custom_id));
  const foreign = [...output.done.keys()].filter((id) => !inputIds.has(id)).sort();
  if (foreign.length === 0) return;
  context.stderr.write(
    `${name}: warning: holds ${foreign.length} custom_id(s) that are not in the input ` +
      `(e.g. ${JSON.stringify(foreign[0])}); is it the output of another input?\n`,
  );
}

function defaultOutputPath(input: string): string {
  return `${input.replace(/\.jsonl$/i, '')}.output.jsonl`;
}

async function readInput(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`Cannot read ${name} (${code})`);
  }
}

function validateInput(name: string, text: string, context: CliContext): BatchRow[] {
  const { rows, problems } = parseBatchInput(text);
  if (problems.length === 0) return rows;
  for (const problem of problems)
    context.stderr.write(`${name}:${problem.line}: ${problem.message}\n`);
  throw new CliError({
    message: `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${name}; nothing was sent`,
    code: 'invalid_batch_input',
    exitCode: EXIT_CODES.usage,
  });
}
