import { createId } from '../builders/create-id.js';
import type { BatchRecord } from './batch-record.js';
import type { MockBatchOptions } from './mock-batch-options.js';
import { validateBatchInput } from './validate-batch-input.js';

/** How one row was answered by the mock's chat engine. @internal */
export interface RowAnswer {
  status: number;
  requestId: string;
  body: unknown;
}

/** What {@link advanceBatch} needs from the rest of the mock. @internal */
export interface AdvanceContext {
  options: MockBatchOptions;
  /** Seconds of the mock's clock. */
  nowSeconds: () => number;
  /** The content of an uploaded file. */
  fileContent: (id: string) => string | undefined;
  /** Stores an output or error file and returns its id. */
  storeOutput: (filename: string, lines: string[]) => string;
  /** Runs one row through the mock's normal chat engine. */
  execute: (url: string, body: unknown) => Promise<RowAnswer>;
}

const EXPIRED_MESSAGE = 'This request could not be executed before the completion window expired.';
const TERMINAL = new Set(['failed', 'completed', 'expired', 'cancelled']);

/**
 * Moves a batch one step on a retrieve (see `MockBatchOptions`):
 * `validating` → `in_progress` (or `failed`), then `rowsPerStep` rows per
 * step through the chat engine, then `completed` with its output and error
 * files; `cancelling` → `cancelled`; past `expireAfterSteps`, `expired` with
 * the rows not run as `batch_expired` errors.
 * @internal
 */
export async function advanceBatch(record: BatchRecord, context: AdvanceContext): Promise<void> {
  if (TERMINAL.has(record.status)) return;
  record.steps += 1;
  const now = context.nowSeconds();
  const { expireAfterSteps, rowsPerStep = Number.POSITIVE_INFINITY } = context.options;
  if (record.status === 'cancelling') {
    finish(record, context, 'cancelled', 'cancelled_at', now);
    return;
  }
  if (expireAfterSteps !== undefined && record.steps >= expireAfterSteps) {
    if (record.status === 'validating') {
      // Expired before it was validated: its rows are still listed as expired.
      record.rows = validateBatchInput(readInput(record, context), record.endpoint).rows;
    }
    for (const row of record.rows.slice(record.done)) {
      record.failed += 1;
      record.errorLines.push(
        JSON.stringify({
          id: createId('batch_req_', 24),
          custom_id: row.custom_id,
          response: null,
          error: { code: 'batch_expired', message: EXPIRED_MESSAGE },
        }),
      );
    }
    record.done = record.rows.length;
    finish(record, context, 'expired', 'expired_at', now);
    return;
  }
  if (record.status === 'validating') {
    const checked = validateBatchInput(readInput(record, context), record.endpoint);
    if (checked.errors.length > 0) {
      record.errors = checked.errors;
      record.status = 'failed';
      record.times.failed_at = now;
      return;
    }
    record.rows = checked.rows;
    if (checked.model !== undefined) record.model = checked.model;
    record.status = 'in_progress';
    record.times.in_progress_at = now;
  }
  const end = Math.min(record.rows.length, record.done + rowsPerStep);
  while (record.done < end) {
    const row = record.rows[record.done];
    if (row === undefined) break;
    const given = context.options.respond?.(row);
    const answer =
      given === undefined
        ? await context.execute(row.url, row.body)
        : { ...given, requestId: createId('req_', 32) };
    // Another step may have finished the batch (a cancel) while this row ran.
    if (TERMINAL.has(record.status)) return;
    const line = JSON.stringify({
      id: createId('batch_req_', 24),
      custom_id: row.custom_id,
      response: { status_code: answer.status, request_id: answer.requestId, body: answer.body },
      error: null,
    });
    if (answer.status === 200) {
      record.completed += 1;
      record.outputLines.push(line);
    } else {
      record.failed += 1;
      record.errorLines.push(line);
    }
    record.done += 1;
  }
  if (record.done >= record.rows.length && record.status === 'in_progress') {
    record.times.finalizing_at = now;
    finish(record, context, 'completed', 'completed_at', now);
  }
}

function finish(
  record: BatchRecord,
  context: AdvanceContext,
  status: 'completed' | 'expired' | 'cancelled',
  stamp: 'completed_at' | 'expired_at' | 'cancelled_at',
  now: number,
): void {
  if (record.outputLines.length > 0) {
    record.output_file_id = context.storeOutput(`${record.id}_output.jsonl`, record.outputLines);
  }
  if (record.errorLines.length > 0) {
    record.error_file_id = context.storeOutput(`${record.id}_error.jsonl`, record.errorLines);
  }
  record.status = status;
  record.times[stamp] = now;
}

function readInput(record: BatchRecord, context: AdvanceContext): string {
  return context.fileContent(record.input_file_id) ?? '';
}
