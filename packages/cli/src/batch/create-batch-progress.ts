import { SingleBar } from 'cli-progress';
import type { OutputStream } from '../cli-context.js';
import { createRateMeter } from './create-rate-meter.js';
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
  /** How far back the rate (and so the ETA) looks, in ms. @default 20000 */
  rateWindowMs?: number | undefined;
  /** Rows waiting for an open circuit now; shown when there are any. */
  waiting?: (() => number) | undefined;
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
 * and nothing decorative. The rate is the recent one (the last
 * `rateWindowMs`), and the ETA the rows left at that rate: an average since
 * the start would remember an early burst and let the ETA grow.
 *
 * @param options - stream, totals, interval, rate window and clock.
 */
export function createBatchProgress(options: BatchProgressOptions): BatchProgress {
  const meter = createRateMeter({ windowMs: options.rateWindowMs, now: options.now });
  const counts = { done: 0, failed: 0 };
  const figures = (): { rate: string; recentEta: string; waitingNote: string } => {
    const perSecond = meter.perSecond();
    const remaining = options.total - options.alreadyDone - counts.done;
    const eta = perSecond > 0 ? formatDuration((remaining / perSecond) * 1000) : '?';
    const waiting = options.waiting?.() ?? 0;
    const waitingNote = waiting > 0 ? `, ${waiting} waiting for the circuit to close` : '';
    return { rate: perSecond.toFixed(1), recentEta: eta, waitingNote };
  };
  const count = (outcome: 'succeeded' | 'failed'): void => {
    counts.done += 1;
    if (outcome === 'failed') counts.failed += 1;
    meter.record();
  };
  const describe = (): string => {
    const { rate, recentEta, waitingNote } = figures();
    return `${options.alreadyDone + counts.done}/${options.total} rows, ${counts.failed} failed, ${rate} rows/s, ETA ${recentEta}${waitingNote}`;
  };

  if (options.stream.isTTY === true) {
    const bar = new SingleBar({
      stream: options.stream as NodeJS.WritableStream,
      format:
        ' {bar} {value}/{total} rows | {failed} failed | {rate} rows/s | ETA {recentEta}{waitingNote}',
      hideCursor: true,
      fps: 10,
    });
    bar.start(options.total, options.alreadyDone, { failed: 0, ...figures() });
    // Redrawn on a timer too, so the rate and ETA move while no row finishes (an open circuit).
    const refresh = setInterval(() => bar.update({ failed: counts.failed, ...figures() }), 1000);
    refresh.unref();
    return {
      counts,
      record(outcome) {
        count(outcome);
        bar.increment(1, { failed: counts.failed, ...figures() });
      },
      stop() {
        clearInterval(refresh);
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
    record: count,
    stop() {
      clearInterval(timer);
    },
  };
}
