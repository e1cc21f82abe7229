import { context, metrics, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { NOOP_CALL_TRACE } from './call-trace.js';
import { createTelemetry } from './create-telemetry.js';

const start = {
  operation: 'chat' as const,
  model: 'gpt-4',
  request: {},
  endpoint: { provider: 'openai', address: undefined, port: undefined } as const,
  startedAt: 0,
};
const ask = { messages: [{ role: 'user' as const, content: 'Hello' }] };

afterEach(() => {
  trace.disable();
  metrics.disable();
  context.disable();
});

describe('telemetry through the global OpenTelemetry API', () => {
  it('is the shared no-op while no SDK is registered, or when the API is not installed', () => {
    expect(createTelemetry({ recordContent: false }).startCall(start)).toBe(NOOP_CALL_TRACE);
    expect(createTelemetry({ recordContent: false }, undefined).startCall(start)).toBe(
      NOOP_CALL_TRACE,
    );
  });

  it('picks up an SDK registered after the client was made, and lets go when it is removed', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply('Hi');
    const client = createClient({ apiKey: 'sk-test.global-0123456789', fetch: mock.fetch });
    await client.chat.completions.create(ask);

    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    const reader = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      exportIntervalMillis: 3_600_000,
    });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

    // The caller's active span (a gateway's SERVER span, say) is the call span's parent.
    const parent = trace.getTracer('test').startSpan('incoming');
    await context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      client.chat.completions.create(ask),
    );
    parent.end();
    const call = exporter
      .getFinishedSpans()
      .find((span) => span.name === 'chat gpt-4-1106-preview');
    expect(call?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(call?.spanContext().traceId).toBe(parent.spanContext().traceId);
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => metric.descriptor.name),
    );
    expect(names).toContain('gen_ai.client.operation.duration');

    trace.disable();
    metrics.disable();
    const before = exporter.getFinishedSpans().length;
    await client.chat.completions.create(ask);
    expect(exporter.getFinishedSpans()).toHaveLength(before);
  });
});
