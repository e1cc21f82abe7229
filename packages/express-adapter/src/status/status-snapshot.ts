import type { CircuitStateName, DeploymentHealth, UsageTotals } from '@bulwark/core';

/**
 * One value per second of the window, oldest first (columns of equal
 * length). Traffic counts only the API requests (`/v1/…`), not probes,
 * `/metrics` or the status page's own requests.
 */
export interface StatusSeries {
  /** The second each point covers, in epoch seconds. */
  t: number[];
  /** API requests answered. */
  requests: number[];
  /** Of them, answered with a 5xx status. */
  errors: number[];
  /** Of them, answered 429. */
  rateLimited: number[];
  /** Median latency of those requests in milliseconds; `null` without requests. */
  latencyP50Ms: (number | null)[];
  /** 99th percentile of their latency in milliseconds. */
  latencyP99Ms: (number | null)[];
  /** Median time to the first chunk of the streams that completed, in milliseconds. */
  ttftP50Ms: (number | null)[];
  /** 99th percentile of the time to the first chunk. */
  ttftP99Ms: (number | null)[];
  /** Calls the cache answered. */
  cacheHits: number[];
  /** Cacheable calls the cache could not answer. */
  cacheMisses: number[];
  /** Tokens (prompt and completion) of the calls that completed. */
  tokens: number[];
  /** Their cost in US dollars. */
  costUsd: number[];
}

/** Rates and quantiles over the last seconds of the window. */
export interface StatusSummary {
  /** The seconds summed: the period asked for, or less while the gateway is younger. */
  seconds: number;
  /** API requests answered in them. */
  requests: number;
  /** `requests / seconds`. */
  requestsPerSecond: number;
  /** Median latency in milliseconds, `null` without requests. */
  latencyP50Ms: number | null;
  /** 99th percentile latency in milliseconds. */
  latencyP99Ms: number | null;
  /** Median time to first chunk of streams, in milliseconds; `null` without streams. */
  ttftP50Ms: number | null;
  /** 99th percentile time to first chunk. */
  ttftP99Ms: number | null;
  /** Share (0 to 1) of the requests answered with a 5xx status; `null` without requests. */
  errorRate: number | null;
  /** Share (0 to 1) of the requests answered 429. */
  rateLimitedRate: number | null;
  /** Cache hits over hits and misses (0 to 1); `null` without cacheable calls. */
  cacheHitRate: number | null;
  /** The client's `rateLimited` events: calls held or refused by a limit, upstream 429s. */
  rateLimitEvents: number;
}

/** Calls, tokens and cost of one model over the window. */
export interface ModelStatus {
  /** Calls that completed (cache hits included, at no cost). */
  calls: number;
  /** Prompt tokens. */
  promptTokens: number;
  /** Completion tokens. */
  completionTokens: number;
  /** Of the prompt tokens, those read from OpenAI's prompt cache. */
  cachedTokens: number;
  /** Prompt and completion tokens. */
  totalTokens: number;
  /** Cost in US dollars. */
  costUsd: number;
}

/** The circuit breakers: the client's, and each deployment's with routes. */
export interface BreakerStatus {
  /** The client's circuit (with routes: `open` while some route has no usable deployment). */
  circuit: CircuitStateName;
  /** Calls in flight. */
  inFlight: number;
  /** Calls waiting for a bulkhead slot. */
  queued: number;
  /** Each deployment's breaker, cooldown and usability; empty without routes. */
  deployments: Readonly<Record<string, DeploymentHealth>>;
}

/** What `GET /bulwark/status` answers: the status page's data (never a key). */
export interface StatusSnapshot {
  /** When it was taken, in epoch milliseconds. */
  now: number;
  /** Seconds the series cover. */
  windowSeconds: number;
  /** When the collector started (the gateway's start), in epoch milliseconds: earlier seconds are empty. */
  startedAt: number;
  /** Per-second values over the window. */
  series: StatusSeries;
  /** Rates and quantiles over the last minute (or less, see `seconds`). */
  recent: StatusSummary;
  /** Calls, tokens and cost by model over the window (at most 50 models, then `(other)`). */
  models: Record<string, ModelStatus>;
  /** The client's failed calls by error code over the window. */
  errorCodes: Record<string, number>;
  /** API requests by route pattern over the window. */
  routes: Record<string, number>;
  /** Breaker states now. */
  breakers: BreakerStatus;
  /** The client's usage since it started (`health().usage`). */
  totals: UsageTotals;
}
