import { describe, expect, it } from 'vitest';
import { createRemoteProgress } from './remote-progress.js';

function streamOf(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (chunk: string) => chunks.push(chunk) > 0 } };
}

const parts = [
  {
    index: 0,
    rows: 50,
    batchId: 'b0',
    status: 'completed',
    counts: { total: 50, completed: 48, failed: 2 },
  },
  {
    index: 1,
    rows: 50,
    batchId: 'b1',
    status: 'in_progress',
    counts: { total: 50, completed: 10, failed: 0 },
  },
  { index: 2, rows: 20 },
];

describe('createRemoteProgress', () => {
  it('prints a line per change from the request counts when stderr is not a terminal', () => {
    const { chunks, stream } = streamOf(false);
    const progress = createRemoteProgress(stream, 120);
    progress.update(parts);
    progress.update(parts);
    progress.stop();
    expect(chunks).toEqual([
      'batch: 60/120 rows done, 2 failed; 1 completed, 1 in_progress, 1 submitting\n',
    ]);
  });

  it('rewrites one line with a bar on a terminal', () => {
    const { chunks, stream } = streamOf(true);
    const progress = createRemoteProgress(stream, 120);
    progress.update(parts);
    progress.stop();
    expect(chunks[0]).toBe(
      `\r\u001B[K[${'#'.repeat(12)}${'.'.repeat(12)}] batch: 60/120 rows done, 2 failed; 1 completed, 1 in_progress, 1 submitting`,
    );
    expect(chunks[1]).toBe('\n');
  });
});
