import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { isFailedOutputLine, type BatchOutputLine } from '../batch-output-line.js';
import { readCustomIdLines } from './read-jsonl-lines.js';

/** The files of one ended part, and what to say of rows found in neither. */
export interface EndedPart {
  /** The part's input file (its rows, in input order). */
  input: string;
  /** The downloaded output and error files (either may not exist). */
  files: readonly string[];
  /** The error of a row in neither file, e.g. `batch_cancelled`. */
  missing: { code: string; message: string };
}

/** Counts of {@link mergePartOutputs}. */
export interface MergeCounts {
  succeeded: number;
  failed: number;
  /** Rows the API's files did not hold (written with the part's `missing` error). */
  missing: number;
}

/**
 * Writes the lines of one ended part to `target` in input order: each line
 * of the API's output and error files copied unchanged, and for a
 * `custom_id` in neither, a line with the part's `missing` error (so every
 * row is in the output exactly once). Memory holds one part's results
 * (50,000 rows at most).
 *
 * @param part - the part's files.
 * @param target - the output being written.
 */
export async function mergePartOutputs(part: EndedPart, target: WriteStream): Promise<MergeCounts> {
  const results = new Map<string, { line: string; failed: boolean }>();
  for (const file of part.files) {
    for await (const { customId, line, value } of readCustomIdLines(file)) {
      if (!results.has(customId)) {
        results.set(customId, { line, failed: isFailed(value) });
      }
    }
  }
  const counts: MergeCounts = { succeeded: 0, failed: 0, missing: 0 };
  for await (const { customId } of readCustomIdLines(part.input)) {
    let result = results.get(customId);
    if (result === undefined) {
      counts.missing += 1;
      const line: BatchOutputLine = {
        id: `batch_req_${randomBytes(12).toString('hex')}`,
        custom_id: customId,
        response: null,
        error: part.missing,
      };
      result = { line: JSON.stringify(line), failed: true };
    }
    if (result.failed) counts.failed += 1;
    else counts.succeeded += 1;
    if (!target.write(`${result.line}\n`)) await once(target, 'drain');
  }
  return counts;
}

function isFailed(value: Record<string, unknown>): boolean {
  const response = value['response'] as { status_code?: unknown } | null | undefined;
  return isFailedOutputLine({
    id: '',
    custom_id: '',
    response:
      response == null
        ? null
        : {
            status_code: typeof response.status_code === 'number' ? response.status_code : 500,
            body: null,
          },
    error: (value['error'] ?? null) as BatchOutputLine['error'],
  });
}
