import { SingleBar } from 'cli-progress';
import type { OutputStream } from '../cli-context.js';
import { formatDuration } from './format-duration.js';

/** Options of {@link createBatchProgress}. */
export interface BatchProgressOptions {
  /** Where progress goes (stderr). */
  stream: OutputStream;
  /** Rows in the input. */
  total: number;
  /** Rows already in the output before this run. */
  alreadyDone: number;
  /** Interval of the plain progress lines when `stream` is not a terminal, in ms; 0 prints none. @default 5000 */
  intervalMs?: number | undefined;
  /** Clock in milliseconds, injectable for tests. @default performance.now */
  now?: (() => number) | undefined;
}

/** Reports a batch's progress as rows finish. */
export interface BatchProgress {
  /** One row finished. */
  record(outcome: 'succeeded' | 'failed'): void;
  /** Rows finished by this run so far, and failed among them. */
  readonly counts: { done: number; failed: number };
  /** Stops drawing (the bar stays on screen with its last values). */
  stop(): void;
}

/**
 * Progress of a batch on stderr: a bar (cli-progress) with done/total,
 * failures, rate and ETA when the stream is a terminal; otherwise a plain
 * line every `intervalMs` (`batch: 1200/3000 rows, 3 failed, 98.5 rows/s, ETA 18s`)
 * and nothing decorative.
 *
 * @param options - stream, totals, interval and clock.
 */
export function createBatchProgress(options: BatchProgressOptions): BatchProgress {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const counts = { done: 0, failed: 0 };
  const rate = (): number => {
    const seconds = (now() - startedAt) / 1000;
    return seconds > 0 ? counts.done / seconds : 0;
  };
  const describe = (): string => {
    const perSecond = rate();
    const remaining = options.total - options.alreadyDone - counts.done;
    const eta = perSecond > 0 ? formatDuration((remaining / perSecond) * 1000) : '?';
    return `${options.alreadyDone + counts.done}/${options.total} rows, ${counts.failed} failed, ${perSecond.toFixed(1)} rows/s, ETA ${eta}`;
  };

  if (options.stream.isTTY === true) {
    const bar = new SingleBar({
      stream: options.stream as NodeJS.WritableStream,
      format: ' {bar} {value}/{total} rows | {failed} failed | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 200,
      fps: 10,
    });
    bar.start(options.total, options.alreadyDone, { failed: 0, rate: '0.0' });
    return {
      counts,
      record(outcome) {
        counts.done += 1;
        if (outcome === 'failed') counts.failed += 1;
        bar.increment(1, { failed: counts.failed, rate: rate().toFixed(1) });
      },
      stop() {
        bar.stop();
      },
    };
  }

  const intervalMs = options.intervalMs ?? 5000;
  const timer =
    intervalMs > 0
      ? setInterval(() => options.stream.write(`batch: ${describe()}\n`), intervalMs)
      : undefined;
  timer?.unref();
  return {
    counts,
    record(outcome) {
      counts.done += 1;
      if (outcome === 'failed') counts.failed += 1;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
