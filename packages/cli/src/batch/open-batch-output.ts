import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';
import {
  batchOutputLineSchema,
  isFailedOutputLine,
  type BatchOutputLine,
} from './batch-output-line.js';

/** Options of {@link openBatchOutput}. */
export interface OpenBatchOutputOptions {
  /** The output file; created when missing. */
  path: string;
  /**
   * Drop the failed lines already in the file (rewriting it atomically with
   * the successes only), so that their rows run again.
   * @default false
   */
  retryFailed?: boolean | undefined;
}

/** What the file held when it was opened. */
export interface BatchOutputRecovery {
  /** Bytes of a torn last line (a crash mid-write) that were cut off. */
  tornBytes: number;
  /** Failed lines removed by `retryFailed`. */
  droppedFailures: number;
}

/** A batch output file opened for appending; see {@link openBatchOutput}. */
export interface BatchOutputFile {
  /** Every `custom_id` in the file and whether it failed: these rows are done. */
  readonly done: ReadonlyMap<string, 'succeeded' | 'failed'>;
  /** What was repaired on opening. */
  readonly recovery: BatchOutputRecovery;
  /** Appends one result as one line, written in one `write` before it returns. */
  append(line: BatchOutputLine): void;
  /** Flushes the file to disk (fsync) and closes it. */
  close(): void;
}

/**
 * Opens a batch output file for a crash-safe, resumable run. Each result is
 * appended as one complete line with a synchronous `write` on a file opened
 * in append mode, so after a crash (even `kill -9`) the file holds whole
 * lines, except at most a torn last one. On opening, a torn last line is cut
 * off (the file is truncated after its last newline), and the `custom_id`s
 * already written are reported in `done` so that a rerun skips them: every
 * row ends up in the file exactly once. With `retryFailed`, failed lines are
 * removed first by writing the successes to a temporary file and renaming it
 * over the output (atomic: a crash leaves either the old or the new file).
 *
 * One process at a time may write a given output file.
 *
 * @param options - path, and whether failed rows run again.
 * @throws `CliError` (exit code 2) when a complete line of the file is not a batch output line.
 * @example
 * ```ts
 * const output = openBatchOutput({ path: 'out.jsonl' });
 * const pending = rows.filter((row) => !output.done.has(row.custom_id));
 * ```
 */
export function openBatchOutput(options: OpenBatchOutputOptions): BatchOutputFile {
  const { path } = options;
  const existing = readExisting(path);
  const { lines, tornBytes } = repairTail(path, existing);
  const done = new Map<string, 'succeeded' | 'failed'>();
  const kept: string[] = [];
  let droppedFailures = 0;
  for (const [index, source] of lines.entries()) {
    const line = parseOutputLine(source, index + 1, path);
    if (line === undefined) continue;
    const failed = isFailedOutputLine(line);
    if (failed && options.retryFailed === true) {
      droppedFailures += 1;
      continue;
    }
    kept.push(source);
    if (done.get(line.custom_id) !== 'succeeded') {
      done.set(line.custom_id, failed ? 'failed' : 'succeeded');
    }
  }
  if (droppedFailures > 0) replaceAtomically(path, kept);
  const descriptor = openSync(path, 'a');
  return {
    done,
    recovery: { tornBytes, droppedFailures },
    append(line) {
      const data = Buffer.from(`${JSON.stringify(line)}\n`);
      let written = 0;
      while (written < data.length) written += writeSync(descriptor, data, written);
      done.set(line.custom_id, isFailedOutputLine(line) ? 'failed' : 'succeeded');
    },
    close() {
      fsyncSync(descriptor);
      closeSync(descriptor);
    },
  };
}

function readExisting(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

/**
 * Splits the file into complete lines. A last line without its newline is a
 * crash mid-write: it is kept (and terminated) only if it is a whole, valid
 * output line, and cut off otherwise.
 */
function repairTail(path: string, content: Buffer): { lines: string[]; tornBytes: number } {
  const end = content.lastIndexOf(0x0a) + 1;
  const lines = content.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
  const tail = content.subarray(end).toString('utf8');
  if (tail === '') return { lines, tornBytes: 0 };
  if (batchOutputLineSchema.safeParse(safeJson(tail)).success) {
    writeFileSync(path, '\n', { flag: 'a' });
    return { lines: [...lines, tail], tornBytes: 0 };
  }
  truncateSync(path, end);
  return { lines, tornBytes: content.length - end };
}

function parseOutputLine(source: string, line: number, path: string): BatchOutputLine | undefined {
  if (source.trim() === '') return undefined;
  const parsed = batchOutputLineSchema.safeParse(safeJson(source));
  if (parsed.success) return parsed.data;
  throw new CliError({
    message: `${path}:${line} is not a batch output line; refusing to append to this file`,
    code: 'invalid_batch_output',
    exitCode: EXIT_CODES.usage,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function replaceAtomically(path: string, lines: readonly string[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, lines.map((line) => `${line}\n`).join(''));
  const descriptor = openSync(temporary, 'r+');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
}
