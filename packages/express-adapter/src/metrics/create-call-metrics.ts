import type { BulwarkClient, ResponseEvent } from '@bulwark/core';
import type { Registry } from 'prom-client';
import { SummedHistogram, type HistogramSeries } from './summed-histogram.js';
import { SummedCounter, type CounterSeries } from './summed-counter.js';

/**
 * Buckets of `bulwark_call_tokens`: powers of 4 from 16 to 1,048,576
 * tokens, from a one-line prompt to the largest context windows (GPT-4.1).
 */
export const CALL_TOKEN_BUCKETS: readonly number[] = Object.freeze(
  Array.from({ length: 9 }, (_, power) => 16 * 4 ** power),
);

/** Buckets of `bulwark_time_to_first_token_seconds`, 50 ms to 30 s. */
export const TIME_TO_FIRST_TOKEN_BUCKETS: readonly number[] = Object.freeze([
  0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30,
]);

/** The series of one model, made once: a call's figures are recorded in them. */
interface ModelLabels {
  /** The model's series of the histograms. */
  observed: { prompt: HistogramSeries; completion: HistogramSeries; firstToken: HistogramSeries };
  /** The model's series of the two counters. */
  counted: {
    prompt: CounterSeries;
    completion: CounterSeries;
    cached: CounterSeries;
    cost: CounterSeries;
  };
}

/**
 * The metrics of each call's usage, from the client's `response` events:
 * `bulwark_tokens_total{model,kind}` (kind `prompt`, all prompt tokens;
 * `completion`; `cached`, the prompt tokens read from OpenAI's prompt
 * cache, a part of `prompt`), `bulwark_cost_usd_total{model}` (cached
 * tokens at the model's cached-input price), `bulwark_call_tokens{model,kind}`
 * (a histogram of each call's prompt and completion tokens) and
 * `bulwark_time_to_first_token_seconds{model}` (a histogram of each
 * stream's time from the call to its first chunk). A call answered by
 * Bulwark's response cache (`usage.source === 'cache'`) cost nothing and
 * reached no model: it adds to none of them (`bulwark_cache_hits_total`
 * counts it).
 *
 * @param client - the client whose events are read.
 * @param registers - where the metrics are registered.
 * @returns stops listening to the client.
 */
export function createCallMetrics(client: BulwarkClient, registers: Registry[]): () => void {
  const tokens = new SummedCounter({
    name: 'bulwark_tokens_total',
    help: 'Tokens used, by model and kind (prompt: all prompt tokens; cached: those of them read from the prompt cache; completion).',
    labelNames: ['model', 'kind'] as const,
    registers,
  });
  const cost = new SummedCounter({
    name: 'bulwark_cost_usd_total',
    help: 'Estimated cost in US dollars, by model (cached prompt tokens at the cached-input price).',
    labelNames: ['model'] as const,
    registers,
  });
  const callTokens = new SummedHistogram({
    name: 'bulwark_call_tokens',
    help: 'Tokens of each call answered by the upstream, by model and kind (prompt or completion).',
    labelNames: ['model', 'kind'] as const,
    buckets: [...CALL_TOKEN_BUCKETS],
    registers,
  });
  const timeToFirstToken = new SummedHistogram({
    name: 'bulwark_time_to_first_token_seconds',
    help: "Time from a stream's call to its first chunk, for streams answered by the upstream.",
    labelNames: ['model'] as const,
    buckets: [...TIME_TO_FIRST_TOKEN_BUCKETS],
    registers,
  });

  const labelsByModel = new Map<string, ModelLabels>();
  function labelsOf(model: string): ModelLabels {
    let labels = labelsByModel.get(model);
    if (labels === undefined) {
      labels = {
        observed: {
          prompt: callTokens.series({ model, kind: 'prompt' }),
          completion: callTokens.series({ model, kind: 'completion' }),
          firstToken: timeToFirstToken.series({ model }),
        },
        counted: {
          prompt: tokens.series({ model, kind: 'prompt' }),
          completion: tokens.series({ model, kind: 'completion' }),
          cached: tokens.series({ model, kind: 'cached' }),
          cost: cost.series({ model }),
        },
      };
      labelsByModel.set(model, labels);
    }
    return labels;
  }

  function record({ model, usage, timeToFirstChunkMs }: ResponseEvent): void {
    if (usage.source === 'cache') return;
    const labels = labelsOf(model);
    // `cached` is counted also when 0: its series exists next to `prompt` from the first call.
    const { counted } = labels;
    counted.prompt.inc(usage.promptTokens);
    counted.completion.inc(usage.completionTokens);
    counted.cached.inc(usage.cachedTokens);
    counted.cost.inc(usage.costUsd);
    labels.observed.prompt.observe(usage.promptTokens);
    labels.observed.completion.observe(usage.completionTokens);
    if (timeToFirstChunkMs !== undefined) {
      labels.observed.firstToken.observe(timeToFirstChunkMs / 1000);
    }
  }

  return client.on('response', record);
}
