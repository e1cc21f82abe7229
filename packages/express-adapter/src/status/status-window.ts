import { createLogHistogram, type LogHistogram } from './log-histogram.js';
import type { ModelStatus } from './status-snapshot.js';

/** Distinct names (models, error codes, routes) one bucket or one merge keeps; the rest add up under {@link OTHER}. */
export const MAX_NAMES = 50;

/** The name the counts beyond {@link MAX_NAMES} distinct names go to. */
export const OTHER = '(other)';

/** What happened in one second. */
export interface StatusBucket {
  /** The second, in epoch seconds. */
  readonly second: number;
  /** API requests answered. */
  requests: number;
  /** Of them, with a 5xx status. */
  errors: number;
  /** Of them, 429. */
  rateLimited: number;
  /** Their latencies; created with the first one. */
  latency: LogHistogram | undefined;
  /** Times to first chunk of the streams that completed; created with the first one. */
  ttft: LogHistogram | undefined;
  /** Cache hits. */
  cacheHits: number;
  /** Cache misses. */
  cacheMisses: number;
  /** The client's `rateLimited` events. */
  rateLimitEvents: number;
  /** Tokens of the completed calls. */
  tokens: number;
  /** Their cost in US dollars. */
  costUsd: number;
  /** Completed calls by model. */
  readonly models: Map<string, ModelStatus>;
  /** Failed calls by error code. */
  readonly errorCodes: Map<string, number>;
  /** API requests by route pattern. */
  readonly routes: Map<string, number>;
}

/** A ring of one-second buckets; see {@link createStatusWindow}. */
export interface StatusWindow {
  /** Seconds kept. */
  readonly seconds: number;
  /** The current second, in epoch seconds, by the window's clock. */
  nowSecond(): number;
  /** The bucket of the current second (a bucket older than the window is recycled). */
  current(): StatusBucket;
  /**
   * The buckets of the `count` seconds up to the current one, oldest first;
   * `undefined` for a second nothing happened in.
   */
  last(count?: number): (StatusBucket | undefined)[];
}

/**
 * A rolling window of one-second buckets in a ring of `seconds` slots: a
 * slot is reused for a later second once its own second has left the
 * window, so memory is bounded by the slot count (and the caps of
 * {@link MAX_NAMES}), whatever the traffic. No timer runs: time is read
 * from `now` when something is recorded or read.
 *
 * @param options - seconds kept, and the clock (epoch milliseconds).
 */
export function createStatusWindow(options: { seconds: number; now: () => number }): StatusWindow {
  const { seconds, now } = options;
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new TypeError('A status window needs a whole number of seconds ≥ 1');
  }
  const slots: (StatusBucket | undefined)[] = new Array<StatusBucket | undefined>(seconds);
  const slotOf = (second: number) => ((second % seconds) + seconds) % seconds;
  const nowSecond = () => Math.floor(now() / 1000);
  return {
    seconds,
    nowSecond,
    current() {
      const second = nowSecond();
      const slot = slotOf(second);
      const bucket = slots[slot];
      if (bucket?.second === second) return bucket;
      const fresh = emptyBucket(second);
      slots[slot] = fresh;
      return fresh;
    },
    last(count = seconds) {
      const end = nowSecond();
      const wanted = Math.min(count, seconds);
      const out: (StatusBucket | undefined)[] = [];
      for (let second = end - wanted + 1; second <= end; second += 1) {
        const bucket = slots[slotOf(second)];
        out.push(bucket?.second === second ? bucket : undefined);
      }
      return out;
    },
  };
}

function emptyBucket(second: number): StatusBucket {
  return {
    second,
    requests: 0,
    errors: 0,
    rateLimited: 0,
    latency: undefined,
    ttft: undefined,
    cacheHits: 0,
    cacheMisses: 0,
    rateLimitEvents: 0,
    tokens: 0,
    costUsd: 0,
    models: new Map(),
    errorCodes: new Map(),
    routes: new Map(),
  };
}

/**
 * Adds `amount` to `name` in a map of at most {@link MAX_NAMES} names (a
 * new name beyond that counts as {@link OTHER}).
 */
export function addCount(map: Map<string, number>, name: string, amount = 1): void {
  const key = map.has(name) || map.size < MAX_NAMES ? name : OTHER;
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** A histogram of a bucket, created on first use. */
export function histogramOf(bucket: StatusBucket, which: 'latency' | 'ttft'): LogHistogram {
  const existing = bucket[which];
  if (existing !== undefined) return existing;
  const created = createLogHistogram();
  bucket[which] = created;
  return created;
}
