import type { BulwarkClient } from '@bulwark/core';
import { binOf } from './log-histogram.js';
import type { StatusSnapshot } from './status-snapshot.js';
import {
  MAX_NAMES,
  OTHER,
  addCount,
  createStatusWindow,
  histogramOf,
  type StatusBucket,
} from './status-window.js';
import {
  addModel,
  emptyModel,
  mergeCounts,
  mergeModels,
  summarize,
  toSeries,
} from './summarize-window.js';

/** One finished API request, as {@link StatusCollector.recordRequest} takes it. */
export interface StatusRequestSample {
  /** The route pattern (`/v1/chat/completions`), or `unmatched`. */
  route: string;
  /** The status sent, 499 when the client went away first. */
  status: number;
  /** Time from arrival to the end of the answer, in milliseconds. */
  latencyMs: number;
}

/** The live numbers behind the gateway's status page; see {@link createStatusCollector}. */
export interface StatusCollector {
  /** Counts one finished API request (the gateway leaves out probes, `/metrics` and the page itself). */
  recordRequest(sample: StatusRequestSample): void;
  /** The window as the page shows it: per-second series, last-minute summary, models, breakers. */
  snapshot(): StatusSnapshot;
  /** Stops listening to the client's events. */
  dispose(): void;
}

/** Options of {@link createStatusCollector}. */
export interface StatusCollectorOptions {
  /** The client whose events (responses, errors, cache, limits) and health are shown. */
  client: BulwarkClient;
  /** Seconds of history kept, one bucket each. @default 300 */
  windowSeconds?: number | undefined;
  /** Seconds the summary (`recent`) covers. @default 60 */
  recentSeconds?: number | undefined;
  /** The clock, in epoch milliseconds (tests pass a fake one). @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * Collects what the status page charts in a rolling window of one-second
 * buckets (5 minutes by default, bounded memory, no timer): requests,
 * 5xx and 429 answers and latency from the gateway's finished API
 * requests; time to first chunk, tokens and cost by model, cache hits and
 * misses, rate-limit events and failed calls by code from the client's
 * events; breaker states from `client.health()` when read. Latency
 * quantiles come from logarithmic histograms (4 bins per doubling), each
 * within 9.1 % of the true value.
 *
 * @param options - the client, window length and clock.
 * @throws TypeError when `windowSeconds` or `recentSeconds` is not a whole number ≥ 1.
 */
export function createStatusCollector(options: StatusCollectorOptions): StatusCollector {
  const { client } = options;
  const now = options.now ?? Date.now;
  const window = createStatusWindow({ seconds: options.windowSeconds ?? 300, now });
  const recentSeconds = options.recentSeconds ?? 60;
  if (!Number.isInteger(recentSeconds) || recentSeconds < 1) {
    throw new TypeError('recentSeconds must be a whole number ≥ 1');
  }
  const startedAt = now();
  const startSecond = Math.floor(startedAt / 1000);
  const at = (): StatusBucket => window.current();

  const unsubscribers = [
    client.on('response', ({ model, usage, timeToFirstChunkMs }) => {
      const bucket = at();
      bucket.tokens += usage.totalTokens;
      bucket.costUsd += usage.costUsd;
      if (timeToFirstChunkMs !== undefined) {
        const ttft = histogramOf(bucket, 'ttft');
        const bin = binOf(timeToFirstChunkMs);
        ttft[bin] = (ttft[bin] ?? 0) + 1;
      }
      const name = bucket.models.has(model) || bucket.models.size < MAX_NAMES ? model : OTHER;
      const counts = bucket.models.get(name) ?? emptyModel();
      addModel(counts, { calls: 1, ...usage });
      bucket.models.set(name, counts);
    }),
    client.on('error', ({ error }) => addCount(at().errorCodes, error.code)),
    client.on('cacheHit', () => void (at().cacheHits += 1)),
    client.on('cacheMiss', () => void (at().cacheMisses += 1)),
    client.on('rateLimited', () => void (at().rateLimitEvents += 1)),
  ];

  return {
    recordRequest({ route, status, latencyMs }) {
      const bucket = at();
      bucket.requests += 1;
      if (status >= 500) bucket.errors += 1;
      if (status === 429) bucket.rateLimited += 1;
      const latency = histogramOf(bucket, 'latency');
      const bin = binOf(latencyMs);
      latency[bin] = (latency[bin] ?? 0) + 1;
      addCount(bucket.routes, route);
    },
    snapshot() {
      const taken = now();
      const buckets = window.last();
      const nowSecond = window.nowSecond();
      const recent = Math.max(
        1,
        Math.min(recentSeconds, window.seconds, nowSecond - startSecond + 1),
      );
      const health = client.health();
      return {
        now: taken,
        windowSeconds: window.seconds,
        startedAt,
        series: toSeries(buckets, nowSecond - window.seconds + 1),
        recent: summarize(buckets.slice(-recent), recent),
        models: mergeModels(buckets),
        errorCodes: mergeCounts(buckets, (bucket) => bucket.errorCodes),
        routes: mergeCounts(buckets, (bucket) => bucket.routes),
        breakers: {
          circuit: health.circuit,
          inFlight: health.inFlight,
          queued: health.queued,
          deployments: { ...health.deployments },
        },
        totals: { ...health.usage },
      };
    },
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
