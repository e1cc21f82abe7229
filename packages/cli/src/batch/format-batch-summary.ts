import { formatDuration } from './format-duration.js';

/** The figures of a finished batch run. */
export interface BatchSummary {
  /** Rows in the input. */
  total: number;
  /** Rows whose output line is a success (this run and earlier ones). */
  succeeded: number;
  /** Rows whose output line is a failure (this run and earlier ones). */
  failed: number;
  /** Rows run by this run. */
  ranNow: number;
  /** Rows skipped because the output already held them. */
  skipped: number;
  /** Prompt tokens of this run, the cached ones included. */
  promptTokens: number;
  /** Of the prompt tokens, those OpenAI read from its prompt cache (billed at the cached-input price). */
  cachedTokens: number;
  /** Completion tokens of this run. */
  completionTokens: number;
  /** Cost of this run in US dollars, cached prompt tokens at their price. */
  costUsd: number;
  /** Duration of this run in milliseconds. */
  elapsedMs: number;
  /** Whether the run was interrupted (SIGINT, SIGTERM) before every row ran. @default false */
  interrupted?: boolean | undefined;
}

/**
 * The closing lines of `bulwark batch`, e.g.
 * `3000 rows: 2990 succeeded, 10 failed (1000 run now, 2000 already in the output)`
 * then `tokens 123456 (prompt 100000, cached 2048, completion 23456), cost $0.1234, time 12.3s`
 * (`cached`: of the prompt tokens, those read from OpenAI's prompt cache).
 * An interrupted run says what is done and what is not:
 * `interrupted: 3000 rows: 1200 done (1190 succeeded, 10 failed), 1800 not run (…)`
 * and how to finish.
 *
 * @param summary - the figures.
 */
export function formatBatchSummary(summary: BatchSummary): string {
  const tokens = summary.promptTokens + summary.completionTokens;
  const done = summary.succeeded + summary.failed;
  const runs = `(${summary.ranNow} run now, ${summary.skipped} already in the output)`;
  const rows =
    summary.interrupted === true
      ? `interrupted: ${summary.total} rows: ${done} done (${summary.succeeded} succeeded, ` +
        `${summary.failed} failed), ${summary.total - done} not run ${runs}; ` +
        'run the same command again to finish'
      : `${summary.total} rows: ${summary.succeeded} succeeded, ${summary.failed} failed ${runs}`;
  return [
    rows,
    `tokens ${tokens} (prompt ${summary.promptTokens}, cached ${summary.cachedTokens}, ` +
      `completion ${summary.completionTokens}), ` +
      `cost $${summary.costUsd.toFixed(4)}, time ${formatDuration(summary.elapsedMs)}`,
  ].join('\n');
}
