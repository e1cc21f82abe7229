import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchProgress } from './create-batch-progress.js';
import { formatDuration } from './format-duration.js';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (chunk: string) => chunks.push(chunk) > 0 };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createBatchProgress', () => {
  it('prints a plain line per interval when stderr is not a terminal', () => {
    const stream = capture(false);
    let clock = 0;
    const progress = createBatchProgress({
      stream,
      total: 100,
      alreadyDone: 40,
      intervalMs: 1000,
      now: () => clock,
    });
    for (let row = 0; row < 20; row += 1) progress.record(row < 2 ? 'failed' : 'succeeded');
    clock = 2000;
    vi.advanceTimersByTime(1000);
    expect(stream.chunks).toEqual(['batch: 60/100 rows, 2 failed, 10.0 rows/s, ETA 4.0s\n']);
    expect(progress.counts).toEqual({ done: 20, failed: 2 });
    progress.stop();
    vi.advanceTimersByTime(5000);
    expect(stream.chunks).toHaveLength(1);
  });

  it('prints nothing at all with interval 0 on a pipe', () => {
    const stream = capture(false);
    const progress = createBatchProgress({ stream, total: 3, alreadyDone: 0, intervalMs: 0 });
    progress.record('succeeded');
    vi.advanceTimersByTime(60_000);
    progress.stop();
    expect(stream.chunks).toEqual([]);
  });

  it('draws a bar with counts, failures and ETA on a terminal', () => {
    const stream = Object.assign(capture(true), {
      columns: 120,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      on: () => stream,
      removeListener: () => stream,
    });
    const progress = createBatchProgress({ stream, total: 10, alreadyDone: 5, now: () => 0 });
    progress.record('failed');
    vi.advanceTimersByTime(200);
    progress.stop();
    const drawn = stream.chunks.join('');
    expect(drawn).toContain('6/10 rows');
    expect(drawn).toContain('1 failed');
    expect(drawn).toContain('ETA');
  });
});

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect([850, 12_300, 245_000, 7_380_000].map(formatDuration)).toEqual([
      '850ms',
      '12.3s',
      '4m05s',
      '2h03m',
    ]);
  });
});
