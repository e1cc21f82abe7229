import type { BulwarkClient, CallUsage, ResponseEvent } from '@bulwark/core';
import { Registry, type MetricObjectWithValues, type MetricValueWithName } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  CALL_TOKEN_BUCKETS,
  TIME_TO_FIRST_TOKEN_BUCKETS,
  createCallMetrics,
} from './create-call-metrics.js';

/** A client with only `on()`, whose `response` listeners the test calls. */
function fakeClient() {
  const listeners = new Set<(event: ResponseEvent) => void>();
  const client = {
    on(name: string, listener: (event: ResponseEvent) => void) {
      expect(name).toBe('response');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as BulwarkClient;
  return {
    client,
    listeners,
    respond(model: string, usage: Partial<CallUsage>, timeToFirstChunkMs?: number) {
      const event: ResponseEvent = {
        callId: 'call-1',
        model,
        stream: timeToFirstChunkMs !== undefined,
        requestId: undefined,
        latencyMs: 5,
        timeToFirstChunkMs,
        usage: {
          promptTokens: 0,
          completionTokens: 0,
          cachedTokens: 0,
          totalTokens: 0,
          costUsd: 0,
          source: 'upstream',
          ...usage,
        },
      };
      for (const listener of listeners) listener(event);
    },
  };
}

async function valuesOf(registry: Registry, name: string) {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`${name} is not registered`);
  // A histogram's values name their series (`…_bucket`, `…_sum`, `…_count`).
  const { values } = (await metric.get()) as MetricObjectWithValues<MetricValueWithName<string>>;
  return values.map(({ labels, value, metricName }) => ({
    name: metricName ?? name,
    labels: { ...labels },
    value,
  }));
}

describe('createCallMetrics', () => {
  it('counts tokens by kind, cost, and observes token and time-to-first-token histograms', async () => {
    const registry = new Registry();
    const fake = fakeClient();
    createCallMetrics(fake.client, [registry]);
    fake.respond('gpt-4o', {
      promptTokens: 2000,
      cachedTokens: 1024,
      completionTokens: 100,
      costUsd: 0.00472,
    });
    fake.respond(
      'gpt-4o',
      { promptTokens: 30, cachedTokens: 0, completionTokens: 5000, costUsd: 0.05 },
      1234,
    );

    expect(await valuesOf(registry, 'bulwark_tokens_total')).toEqual([
      { name: 'bulwark_tokens_total', labels: { model: 'gpt-4o', kind: 'prompt' }, value: 2030 },
      {
        name: 'bulwark_tokens_total',
        labels: { model: 'gpt-4o', kind: 'completion' },
        value: 5100,
      },
      { name: 'bulwark_tokens_total', labels: { model: 'gpt-4o', kind: 'cached' }, value: 1024 },
    ]);
    const [cost] = await valuesOf(registry, 'bulwark_cost_usd_total');
    expect(cost?.labels).toEqual({ model: 'gpt-4o' });
    expect(cost?.value).toBeCloseTo(0.05472, 12);

    const tokens = await valuesOf(registry, 'bulwark_call_tokens');
    const bucket = (kind: string, le: number | string) =>
      tokens.find(
        (sample) =>
          sample.name === 'bulwark_call_tokens_bucket' &&
          sample.labels['kind'] === kind &&
          sample.labels['le'] === le,
      )?.value;
    // Prompts of 30 and 2000 tokens; completions of 100 and 5000.
    expect([16, 64, 1024, 4096].map((le) => bucket('prompt', le))).toEqual([0, 1, 1, 2]);
    expect([64, 256, 4096, 16_384].map((le) => bucket('completion', le))).toEqual([0, 1, 1, 2]);
    expect(tokens).toContainEqual({
      name: 'bulwark_call_tokens_sum',
      labels: { model: 'gpt-4o', kind: 'completion' },
      value: 5100,
    });
    expect(tokens).toContainEqual({
      name: 'bulwark_call_tokens_count',
      labels: { model: 'gpt-4o', kind: 'prompt' },
      value: 2,
    });

    // Only the stream has a time to first chunk: 1.234 s, in the 1.5 s bucket and not the 1 s one.
    const ttft = await valuesOf(registry, 'bulwark_time_to_first_token_seconds');
    expect(ttft).toContainEqual({
      name: 'bulwark_time_to_first_token_seconds_count',
      labels: { model: 'gpt-4o' },
      value: 1,
    });
    expect(ttft).toContainEqual({
      name: 'bulwark_time_to_first_token_seconds_sum',
      labels: { model: 'gpt-4o' },
      value: 1.234,
    });
    const ttftBucket = (le: number) =>
      ttft.find((sample) => sample.labels['le'] === le && sample.name.endsWith('_bucket'))?.value;
    expect([1, 1.5].map(ttftBucket)).toEqual([0, 1]);
  });

  it('adds nothing for a call the response cache answered', async () => {
    const registry = new Registry();
    const fake = fakeClient();
    createCallMetrics(fake.client, [registry]);
    fake.respond('gpt-4o', { source: 'cache' }, 2);
    for (const name of [
      'bulwark_tokens_total',
      'bulwark_cost_usd_total',
      'bulwark_call_tokens',
      'bulwark_time_to_first_token_seconds',
    ]) {
      expect(await valuesOf(registry, name)).toEqual([]);
    }
  });

  it('stops listening when told', () => {
    const fake = fakeClient();
    const stop = createCallMetrics(fake.client, [new Registry()]);
    expect(fake.listeners.size).toBe(1);
    stop();
    expect(fake.listeners.size).toBe(0);
  });

  it('has exponential token buckets up to a million tokens and time buckets from 50 ms to 30 s', () => {
    expect(CALL_TOKEN_BUCKETS).toEqual([
      16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576,
    ]);
    expect([TIME_TO_FIRST_TOKEN_BUCKETS[0], TIME_TO_FIRST_TOKEN_BUCKETS.at(-1)]).toEqual([
      0.05, 30,
    ]);
  });
});
