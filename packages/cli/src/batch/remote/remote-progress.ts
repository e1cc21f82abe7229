import type { OutputStream } from '../../cli-context.js';
import type { RemotePartState } from './remote-state.js';

/** Characters of the bar drawn on a terminal. */
const BAR_WIDTH = 24;

/**
 * A one-line progress report of a remote run, fed by the batches'
 * `request_counts`: `batch: 61200/120000 rows done, 12 failed; 1 completed,
 * 2 in_progress`. On a terminal it rewrites one line, after a bar of the
 * rows done; elsewhere it prints a line each time the report changes.
 *
 * @param stream - stderr.
 * @param rows - rows in the input.
 */
export function createRemoteProgress(
  stream: OutputStream,
  rows: number,
): { update(parts: readonly RemotePartState[]): void; stop(): void } {
  let last = '';
  return {
    update(parts) {
      let done = 0;
      let failed = 0;
      const statuses = new Map<string, number>();
      for (const part of parts) {
        done += (part.counts?.completed ?? 0) + (part.counts?.failed ?? 0);
        failed += part.counts?.failed ?? 0;
        const status = part.status ?? (part.batchId === undefined ? 'submitting' : 'unknown');
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      const summary = [...statuses].map(([status, count]) => `${count} ${status}`).join(', ');
      const text = `batch: ${done}/${rows} rows done, ${failed} failed; ${summary}`;
      if (stream.isTTY === true) {
        const filled = rows === 0 ? 0 : Math.round((done / rows) * BAR_WIDTH);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
        if (text === last) return;
        last = text;
        stream.write(`\r\u001B[K${bar} ${text}`);
        return;
      }
      if (text === last) return;
      last = text;
      stream.write(`${text}\n`);
    },
    stop() {
      if (stream.isTTY === true && last !== '') stream.write('\n');
    },
  };
}
