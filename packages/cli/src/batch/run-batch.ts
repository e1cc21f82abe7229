import { resolve } from 'node:path';
import { createClient, type ChatRequest } from '@bulwark/core';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';
import { UsageError } from '../errors/usage-error.js';
import { createBatchInterrupt, type TerminateSignals } from './batch-interrupt.js';
import { isFailedOutputLine } from './batch-output-line.js';
import { clientCircuitSignals } from './client-circuit-signals.js';
import { createBatchProgress } from './create-batch-progress.js';
import { createCircuitGate } from './create-circuit-gate.js';
import { formatBatchSummary } from './format-batch-summary.js';
import { openBatchOutput, type BatchOutputFile } from './open-batch-output.js';
import type { BatchRow } from './parse-batch-input.js';
import { defaultOutputPath, readBatchRows } from './read-batch-rows.js';
import { reportOutputState } from './report-output-state.js';
import { runBatchRow } from './run-batch-row.js';
import { runConcurrently } from './run-concurrently.js';
import { toBatchOutputLine } from './to-batch-output-line.js';

/** How long rows wait for an open circuit by default (`--max-wait`): 5 minutes. */
export const DEFAULT_BATCH_MAX_WAIT_MS = 300_000;

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
  /**
   * How long an open circuit may keep rows waiting before they fail with
   * `circuit_open`, in ms. @default {@link DEFAULT_BATCH_MAX_WAIT_MS}
   */
  maxWait?: number | undefined;
}

/**
 * Runs `bulwark batch`: validates the whole input (nothing is sent when a
 * line is bad), opens the output for a resumable run, runs the pending rows
 * concurrently through one core client (retry, breaker, bulkhead, cache,
 * rate limits), appends each result as it completes, and prints a summary.
 * Rows that meet an open circuit wait for it (see `runBatchRow`) up to
 * `maxWait`. SIGINT or SIGTERM stops the run: rows in flight are not
 * written, and the summary counts the rows done, failed and not run.
 *
 * @param input - path of the input JSONL.
 * @param options - the flags.
 * @param context - streams, environment and interrupt signal.
 * @param signals - where SIGTERM comes from. @default the process
 * @throws `CliError` with exit code 2 for bad input or a bad output file, 1
 * when rows failed, 130 when SIGTERM stopped the run.
 */
export async function runBatch(
  input: string,
  options: BatchOptions,
  context: CliContext,
  signals?: TerminateSignals,
): Promise<void> {
  const startedAt = performance.now();
  const inputPath = resolve(context.cwd, input);
  const outputName = options.output ?? defaultOutputPath(input);
  const outputPath = resolve(context.cwd, outputName);
  if (outputPath === inputPath) throw new UsageError('The output file must differ from the input');
  const rows = await readBatchRows(inputPath, input, context);
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
  reportOutputState(output, rows, outputName, context);
  const pending = rows.filter((row) => !output.done.has(row.custom_id));
  const maxWaitMs = options.maxWait ?? DEFAULT_BATCH_MAX_WAIT_MS;
  const interrupt = createBatchInterrupt(context.signal, signals);
  const { signal } = interrupt;
  const gate = createCircuitGate({
    signals: clientCircuitSignals(client),
    maxWaitMs,
    fallbackWaitMs: config.circuitBreaker.halfOpenAfterMs,
  });
  const progress = createBatchProgress({
    stream: context.stderr,
    total: rows.length,
    alreadyDone: rows.length - pending.length,
    intervalMs: options.progressIntervalMs,
    waiting: () => gate.waiting(),
  });
  try {
    await runConcurrently({
      items: pending,
      concurrency: config.bulkhead.maxConcurrent,
      signal,
      run: async (row: BatchRow) => {
        // parseBatchInput checked the body against core's request schema.
        const request = { ...(row.body as ChatRequest), stream: false as const };
        const call = () => client.chat.completions.create(request, { signal });
        const outcome = await runBatchRow({ call, gate, maxWaitMs, signal });
        // An interrupted row is not done: it runs again on the next run.
        if (outcome === undefined) return;
        const line = toBatchOutputLine(row.custom_id, outcome);
        output.append(line);
        progress.record(isFailedOutputLine(line) ? 'failed' : 'succeeded');
      },
    });
  } finally {
    interrupt.dispose();
    gate.dispose();
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
      interrupted: signal.aborted,
    })}\n`,
  );
  // The summary said it all; SIGINT ends with 130 through the CLI's own signal.
  if (interrupt.terminated()) {
    throw new CliError({ message: '', code: 'interrupted', exitCode: EXIT_CODES.interrupted });
  }
  if (failed > 0 && !signal.aborted) {
    throw new CliError({
      message: `${failed} of ${rows.length} rows failed; rerun with --retry-failed to run them again`,
      code: 'batch_rows_failed',
      exitCode: EXIT_CODES.failure,
    });
  }
}
