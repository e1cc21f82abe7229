import { readFile } from 'node:fs/promises';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';
import { UsageError } from '../errors/usage-error.js';
import { parseBatchInput, type BatchRow } from './parse-batch-input.js';

/**
 * The default output of an input: `.jsonl` replaced by `.output.jsonl`.
 *
 * @param input - the input path as given.
 */
export function defaultOutputPath(input: string): string {
  return `${input.replace(/\.jsonl$/i, '')}.output.jsonl`;
}

/**
 * Reads and validates a whole batch input file: every problem is printed as
 * `<name>:<line>: <message>` and nothing runs when there is one.
 *
 * @param path - the resolved path.
 * @param name - the path as given, for messages.
 * @param context - where problems are printed.
 * @throws `UsageError` when the file cannot be read, `CliError` (exit code 2) for bad lines.
 */
export async function readBatchRows(
  path: string,
  name: string,
  context: CliContext,
): Promise<BatchRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`Cannot read ${name} (${code})`);
  }
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
