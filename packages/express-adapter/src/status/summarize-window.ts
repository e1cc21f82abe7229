import {
  addHistogram,
  createLogHistogram,
  quantileOf,
  type LogHistogram,
} from './log-histogram.js';
import type { ModelStatus, StatusSeries, StatusSummary } from './status-snapshot.js';
import { MAX_NAMES, OTHER, addCount, type StatusBucket } from './status-window.js';

type Seconds = readonly (StatusBucket | undefined)[];

/**
 * The per-second columns of a window's buckets.
 *
 * @param buckets - one per second, oldest first (`undefined` for an empty second).
 * @param firstSecond - the epoch second of the first.
 */
export function toSeries(buckets: Seconds, firstSecond: number): StatusSeries {
  const series: StatusSeries = {
    t: [],
    requests: [],
    errors: [],
    rateLimited: [],
    latencyP50Ms: [],
    latencyP99Ms: [],
    ttftP50Ms: [],
    ttftP99Ms: [],
    cacheHits: [],
    cacheMisses: [],
    tokens: [],
    costUsd: [],
  };
  buckets.forEach((bucket, index) => {
    series.t.push(firstSecond + index);
    series.requests.push(bucket?.requests ?? 0);
    series.errors.push(bucket?.errors ?? 0);
    series.rateLimited.push(bucket?.rateLimited ?? 0);
    series.latencyP50Ms.push(quantile(bucket?.latency, 0.5));
    series.latencyP99Ms.push(quantile(bucket?.latency, 0.99));
    series.ttftP50Ms.push(quantile(bucket?.ttft, 0.5));
    series.ttftP99Ms.push(quantile(bucket?.ttft, 0.99));
    series.cacheHits.push(bucket?.cacheHits ?? 0);
    series.cacheMisses.push(bucket?.cacheMisses ?? 0);
    series.tokens.push(bucket?.tokens ?? 0);
    series.costUsd.push(roundUsd(bucket?.costUsd ?? 0));
  });
  return series;
}

/**
 * Rates and quantiles over some seconds: their histograms merged, their counts summed.
 *
 * @param buckets - the seconds summed, oldest first.
 * @param seconds - the seconds they stand for (the divisor of the per-second rate), ≥ 1.
 */
export function summarize(buckets: Seconds, seconds: number): StatusSummary {
  let requests = 0;
  let errors = 0;
  let rateLimited = 0;
  let hits = 0;
  let misses = 0;
  let rateLimitEvents = 0;
  const latency = createLogHistogram();
  const ttft = createLogHistogram();
  for (const bucket of buckets) {
    if (bucket === undefined) continue;
    requests += bucket.requests;
    errors += bucket.errors;
    rateLimited += bucket.rateLimited;
    hits += bucket.cacheHits;
    misses += bucket.cacheMisses;
    rateLimitEvents += bucket.rateLimitEvents;
    if (bucket.latency !== undefined) addHistogram(latency, bucket.latency);
    if (bucket.ttft !== undefined) addHistogram(ttft, bucket.ttft);
  }
  const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
  return {
    seconds,
    requests,
    requestsPerSecond: round(requests / seconds, 3),
    latencyP50Ms: quantileOf(latency, 0.5),
    latencyP99Ms: quantileOf(latency, 0.99),
    ttftP50Ms: quantileOf(ttft, 0.5),
    ttftP99Ms: quantileOf(ttft, 0.99),
    errorRate: share(errors, requests),
    rateLimitedRate: share(rateLimited, requests),
    cacheHitRate: share(hits, hits + misses),
    rateLimitEvents,
  };
}

/** Calls, tokens and cost by model, summed over the buckets (at most {@link MAX_NAMES} models). */
export function mergeModels(buckets: Seconds): Record<string, ModelStatus> {
  const merged = new Map<string, ModelStatus>();
  for (const bucket of buckets) {
    for (const [model, usage] of bucket?.models ?? []) {
      const name = merged.has(model) || merged.size < MAX_NAMES ? model : OTHER;
      const into = merged.get(name) ?? emptyModel();
      addModel(into, usage);
      merged.set(name, into);
    }
  }
  const out: Record<string, ModelStatus> = {};
  for (const [model, usage] of merged) out[model] = { ...usage, costUsd: roundUsd(usage.costUsd) };
  return out;
}

/** Counts by name (error codes, routes) summed over the buckets. */
export function mergeCounts(
  buckets: Seconds,
  pick: (bucket: StatusBucket) => Map<string, number>,
): Record<string, number> {
  const merged = new Map<string, number>();
  for (const bucket of buckets) {
    if (bucket === undefined) continue;
    for (const [name, count] of pick(bucket)) addCount(merged, name, count);
  }
  return Object.fromEntries(merged);
}

/** A model with nothing counted yet. */
export function emptyModel(): ModelStatus {
  return {
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    totalTokens: 0,
    costUsd: 0,
  };
}

/** Adds one model's counts to another's. */
export function addModel(into: ModelStatus, from: ModelStatus): void {
  into.calls += from.calls;
  into.promptTokens += from.promptTokens;
  into.completionTokens += from.completionTokens;
  into.cachedTokens += from.cachedTokens;
  into.totalTokens += from.totalTokens;
  into.costUsd += from.costUsd;
}

function quantile(histogram: LogHistogram | undefined, q: number): number | null {
  return histogram === undefined ? null : quantileOf(histogram, q);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Dollars rounded to 10⁻⁸, so sums of float prices read cleanly. */
function roundUsd(value: number): number {
  return round(value, 8);
}
