import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** The GenAI client metrics Bulwark records, and its cost counter. */
export interface GenAiInstruments {
  /** `gen_ai.client.token.usage`, by `gen_ai.token.type` (`input`, `output`). */
  tokenUsage: Histogram;
  /** `gen_ai.client.operation.duration`, in seconds. */
  duration: Histogram;
  /** `gen_ai.client.operation.time_to_first_chunk`, in seconds (streams). */
  timeToFirstChunk: Histogram;
  /** `bulwark.client.cost`: US dollars, cached prompt tokens at their price. */
  cost: Counter;
}

// The bucket boundaries the GenAI semantic conventions advise.
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216,
  67_108_864,
];
const SECOND_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/**
 * Creates the instruments on a meter (once per meter provider).
 *
 * @param meter - the `@bulwark/core` meter of the registered provider.
 */
export function createGenAiInstruments(meter: Meter): GenAiInstruments {
  return {
    tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    }),
    duration: meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: SECOND_BUCKETS },
    }),
    timeToFirstChunk: meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
      description: 'Time from the request to the first chunk of a streamed answer.',
      unit: 's',
      advice: { explicitBucketBoundaries: SECOND_BUCKETS },
    }),
    cost: meter.createCounter('bulwark.client.cost', {
      description:
        'Cost of the calls at the model table prices, cached prompt tokens at their price.',
      unit: 'USD',
    }),
  };
}
