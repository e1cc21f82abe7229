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

  it('takes the ETA from the recent rate, so it shrinks after an early burst', () => {
    const stream = capture(false);
    let clock = 0;
    const progress = createBatchProgress({
      stream,
      total: 2000,
      alreadyDone: 0,
      intervalMs: 10_000,
      rateWindowMs: 10_000,
      now: () => clock,
    });
    // 500 rows in the first second (full rate-limit buckets), then 10 rows/s.
    for (let row = 0; row < 500; row += 1) progress.record('succeeded');
    const etas: number[] = [];
    for (let second = 1; second <= 60; second += 1) {
      clock = second * 1000;
      for (let row = 0; row < 10; row += 1) progress.record('succeeded');
      if (second % 10 === 0) vi.advanceTimersByTime(10_000);
    }
    for (const line of stream.chunks) {
      const seconds = /ETA (\d+)m(\d+)s/.exec(line);
      expect(seconds, line).not.toBeNull();
      etas.push(Number(seconds?.[1]) * 60 + Number(seconds?.[2]));
    }
    // 900 rows left at the recent ~10 rows/s; the average since the start (18 rows/s) would
    // say 49s, an ETA that had grown from 23s at the first line and would keep growing.
    expect(stream.chunks.at(-1)).toBe('batch: 1100/2000 rows, 0 failed, 10.5 rows/s, ETA 1m25s\n');
    // Once the burst has left the window, every line's ETA is shorter than the last.
    for (let index = 2; index < etas.length; index += 1) {
      expect(etas[index]).toBeLessThan(etas[index - 1] ?? Infinity);
    }
    progress.stop();
  });

  it('says how many rows wait for an open circuit, while some do', () => {
    const stream = capture(false);
    let waiting = 12;
    const progress = createBatchProgress({
      stream,
      total: 100,
      alreadyDone: 0,
      intervalMs: 1000,
      now: () => 0,
      waiting: () => waiting,
    });
    vi.advanceTimersByTime(1000);
    waiting = 0;
    vi.advanceTimersByTime(1000);
    progress.stop();
    expect(stream.chunks).toEqual([
      'batch: 0/100 rows, 0 failed, 0.0 rows/s, ETA ?, 12 waiting for the circuit to close\n',
      'batch: 0/100 rows, 0 failed, 0.0 rows/s, ETA ?\n',
    ]);
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
