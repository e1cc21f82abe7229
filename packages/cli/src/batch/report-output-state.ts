import type { CliContext } from '../cli-context.js';
import type { BatchOutputFile } from './open-batch-output.js';
import type { BatchRow } from './parse-batch-input.js';

/**
 * Tells on stderr what opening the output found: a torn last line cut off,
 * failed rows that will run again, and rows of another input (most likely
 * the wrong `-o` file).
 *
 * @param output - the opened output.
 * @param rows - the input's rows.
 * @param name - the output path as given.
 * @param context - where to write.
 */
export function reportOutputState(
  output: BatchOutputFile,
  rows: readonly BatchRow[],
  name: string,
  context: CliContext,
): void {
  const { tornBytes, droppedFailures } = output.recovery;
  if (tornBytes > 0) {
    context.stderr.write(
      `${name}: cut off a torn last line (${tornBytes} bytes) left by a crash\n`,
    );
  }
  if (droppedFailures > 0) {
    context.stderr.write(`${name}: ${droppedFailures} failed rows will run again\n`);
  }
  const inputIds = new Set(rows.map((row) => row.custom_id));
  const foreign = [...output.done.keys()].filter((id) => !inputIds.has(id)).sort();
  if (foreign.length === 0) return;
  context.stderr.write(
    `${name}: warning: holds ${foreign.length} custom_id(s) that are not in the input ` +
      `(e.g. ${JSON.stringify(foreign[0])}); is it the output of another input?\n`,
  );
}
