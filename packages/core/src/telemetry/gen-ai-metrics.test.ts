import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type HistogramMetricData,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { DEFAULT_MODELS } from '../models/default-models.js';

/** An upstream that answers every call with this usage (as OpenAI reports prompt caching). */
function upstreamWithUsage(usage: object): typeof fetch {
  return async () =>
    new Response(
      JSON.stringify({
        id: 'chatcmpl-cached',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'gpt-4o-2024-08-06',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Paris.', refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage,
      }),
      { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' } },
    );
}

function meterSetup() {
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  async function metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .filter((scope) => scope.scope.name === '@bulwark/core')
      .flatMap((scope) => scope.metrics)
      .find((data) => data.descriptor.name === name);
  }
  return { meterProvider, metric };
}

const ask = { messages: [{ role: 'user' as const, content: 'Capital of France?' }] };

describe('the GenAI metrics', () => {
  it('count input and output tokens and price cached prompt tokens at the cached price', async () => {
    const { meterProvider, metric } = meterSetup();
    const usage = {
      prompt_tokens: 2000,
      completion_tokens: 100,
      total_tokens: 2100,
      prompt_tokens_details: { cached_tokens: 1536 },
    };
    const client = createClient({
      apiKey: 'sk-test.metrics-0123456789',
      fetch: upstreamWithUsage(usage),
      model: 'gpt-4o',
      cache: { store: 'off' },
      telemetry: { meterProvider },
    });
    const costs: number[] = [];
    client.on('response', (event) => costs.push(event.usage.costUsd));
    await client.chat.completions.create(ask);
    await client.chat.completions.create(ask);

    const tokens = (await metric('gen_ai.client.token.usage')) as HistogramMetricData;
    const byType = Object.fromEntries(
      tokens.dataPoints.map((point) => [point.attributes['gen_ai.token.type'], point.value]),
    );
    expect(byType['input']).toMatchObject({ count: 2, sum: 4000 });
    expect(byType['output']).toMatchObject({ count: 2, sum: 200 });
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(tokens.dataPoints[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'server.address': 'api.openai.com',
    });

    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    const expected = (464 * 2.5 + 1536 * 1.25 + 100 * 10) / 1_000_000;
    expect(costs[0]).toBeCloseTo(expected, 12);
    expect(DEFAULT_MODELS['gpt-4o']?.cachedInputCostPer1K).toBe(0.00125);
    const cost = await metric('bulwark.client.cost');
    expect(cost?.dataPoints[0]?.value).toBeCloseTo(2 * expected, 12);
    expect(client.health().usage).toMatchObject({
      promptTokens: 4000,
      cachedTokens: 3072,
      completionTokens: 200,
    });
    expect(client.health().usage.costUsd).toBeCloseTo(2 * expected, 12);

    const duration = (await metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints[0]?.value.count).toBe(2);
    // A completion has no first chunk.
    expect((await metric('gen_ai.client.operation.time_to_first_chunk'))?.dataPoints ?? []).toEqual(
      [],
    );
  });

  it('time a stream’s first chunk, and time failures with error.type', async () => {
    const { meterProvider, metric } = meterSetup();
    const mock = createMockOpenAI();
    const client = createClient({
      apiKey: 'sk-test.metrics-0123456789',
      fetch: mock.fetch,
      model: 'gpt-4',
      retry: { maxAttempts: 1 },
      telemetry: { meterProvider },
    });
    mock.onChat().streamOnce('Paris is the capital.').failOnce(400);
    const firstChunks: (number | undefined)[] = [];
    client.on('response', (event) => firstChunks.push(event.timeToFirstChunkMs));
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true })) {
      expect(chunk.object).toBe('chat.completion.chunk');
    }
    await client.chat.completions.create(ask).catch(() => undefined);

    const first = (await metric(
      'gen_ai.client.operation.time_to_first_chunk',
    )) as HistogramMetricData;
    expect(first.dataPoints).toHaveLength(1);
    expect(first.dataPoints[0]?.value.count).toBe(1);
    expect(first.dataPoints[0]?.value.sum).toBeCloseTo((firstChunks[0] ?? 0) / 1000, 9);
    const duration = (await metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    const failed = duration.dataPoints.find(
      (point) => point.attributes['error.type'] !== undefined,
    );
    expect(failed?.value.count).toBe(1);
    // The stream's tokens come from the usage chunk Bulwark asked for.
    const tokens = (await metric('gen_ai.client.token.usage')) as HistogramMetricData;
    expect(tokens.dataPoints.every((point) => (point.value.sum ?? 0) > 0)).toBe(true);
  });
});
