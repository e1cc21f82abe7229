import type { CallUsage } from '../events/client-events.js';

/** Running totals of a client's calls, as `client.health().usage` shows them. */
export interface UsageTotals {
  /** Calls that completed. */
  requests: number;
  /** Calls that failed. */
  errors: number;
  /** Prompt tokens of the completed calls. */
  promptTokens: number;
  /** Completion tokens of the completed calls. */
  completionTokens: number;
  /** Of the prompt tokens, those read from OpenAI's prompt cache. */
  cachedTokens: number;
  /** Their cost in US dollars. */
  costUsd: number;
}

/** Accumulates usage and tracks calls in flight. */
export interface UsageTracker {
  /** A call started. */
  start(): void;
  /** A call completed with this usage. */
  succeed(usage: CallUsage): void;
  /** A call failed. */
  fail(): void;
  /** A call ended without an outcome (a stream its consumer stopped reading). */
  abandon(): void;
  /** Calls started and not yet settled. */
  readonly inFlight: number;
  /** A copy of the totals. */
  totals(): UsageTotals;
}

/** Creates an empty {@link UsageTracker}. */
export function createUsageTracker(): UsageTracker {
  let inFlight = 0;
  const totals: UsageTotals = {
    requests: 0,
    errors: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
  };
  return {
    start() {
      inFlight += 1;
    },
    succeed(usage) {
      inFlight -= 1;
      totals.requests += 1;
      totals.promptTokens += usage.promptTokens;
      totals.completionTokens += usage.completionTokens;
      totals.cachedTokens += usage.cachedTokens;
      totals.costUsd += usage.costUsd;
    },
    fail() {
      inFlight -= 1;
      totals.errors += 1;
    },
    abandon() {
      inFlight -= 1;
    },
    get inFlight() {
      return inFlight;
    },
    totals() {
      return { ...totals };
    },
  };
}
