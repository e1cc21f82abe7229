import type { CallUsage } from '@bulwark/core';
import type { Registry } from 'prom-client';
import { SummedCounter } from './summed-counter.js';

/** The per-key metrics; see {@link createKeyMetrics}. */
export interface KeyMetrics {
  /** Counts one request made with a store key, with its tokens when the call reported them. */
  recordRequest(name: string, usage: CallUsage | undefined): void;
  /** Adds what a call of the key was charged. */
  recordCost(name: string, costUsd: number): void;
}

/**
 * The metrics of the store's keys, labelled with the key's name (never the
 * key): `bulwark_key_requests_total{key}` (every `/v1` request the key
 * authenticated, refused ones included), `bulwark_key_cost_usd_total{key}`
 * (what was settled against it) and `bulwark_key_tokens_total{key,kind}`
 * (kind `prompt`, `completion`, `cached`). Declared at once, so their
 * `# HELP` lines are there before the first request.
 *
 * @param registers - where they are registered.
 */
export function createKeyMetrics(registers: Registry[]): KeyMetrics {
  const requests = new SummedCounter({
    name: 'bulwark_key_requests_total',
    help: 'Requests made with a gateway key of the key store, by key name.',
    labelNames: ['key'] as const,
    registers,
  });
  const cost = new SummedCounter({
    name: 'bulwark_key_cost_usd_total',
    help: 'Cost settled against a gateway key of the key store, in US dollars, by key name.',
    labelNames: ['key'] as const,
    registers,
  });
  const tokens = new SummedCounter({
    name: 'bulwark_key_tokens_total',
    help: 'Tokens used by the calls of a gateway key of the key store, by key name and kind.',
    labelNames: ['key', 'kind'] as const,
    registers,
  });
  // The series of each key seen, made once.
  const series = new Map<string, ReturnType<typeof seriesOf>>();
  function seriesOf(key: string) {
    return {
      requests: requests.series({ key }),
      cost: cost.series({ key }),
      prompt: tokens.series({ key, kind: 'prompt' }),
      completion: tokens.series({ key, kind: 'completion' }),
      cached: tokens.series({ key, kind: 'cached' }),
    };
  }
  function of(key: string) {
    let found = series.get(key);
    if (found === undefined) {
      found = seriesOf(key);
      series.set(key, found);
    }
    return found;
  }
  return {
    recordRequest(key, usage) {
      const counters = of(key);
      counters.requests.inc();
      if (usage === undefined || usage.source === 'cache') return;
      counters.prompt.inc(usage.promptTokens);
      counters.completion.inc(usage.completionTokens);
      if (usage.cachedTokens > 0) counters.cached.inc(usage.cachedTokens);
    },
    recordCost(key, costUsd) {
      if (costUsd > 0) of(key).cost.inc(costUsd);
    },
  };
}
