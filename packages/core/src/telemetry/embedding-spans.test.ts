import { SpanKind, type Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';

function setup() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const mock = createMockOpenAI();
  const client = createClient({
    apiKey: 'sk-test.spans-0123456789',
    fetch: mock.fetch,
    retry: { maxAttempts: 2, baseDelayMs: 1 },
    telemetry: { tracerProvider, recordContent: true },
  });
  const spans = () => exporter.getFinishedSpans();
  const childrenOf = (parent: ReadableSpan) =>
    spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
  return { mock, client, spans, childrenOf };
}

describe('the span of an embeddings call', () => {
  it('is `embeddings {model}` with operation embeddings, its input tokens and one child per attempt', async () => {
    const { mock, client, spans, childrenOf } = setup();
    mock.onEmbeddings().failOnce(500);
    const response = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['hello world', 'hello'],
      encoding_format: 'float',
      dimensions: 256,
    });
    const call = spans().find((span) => span.name.startsWith('embeddings '));
    expect(call?.name).toBe('embeddings text-embedding-3-small');
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.request.encoding_formats': ['float'],
      'gen_ai.embeddings.dimension.count': 256,
      'gen_ai.response.model': response.model,
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.provider.name': 'openai',
      'bulwark.cache.hit': false,
    } satisfies Attributes);
    // No output, no finish reasons, and inputs are never recorded.
    for (const name of [
      'gen_ai.usage.output_tokens',
      'gen_ai.response.finish_reasons',
      'gen_ai.input.messages',
      'gen_ai.output.messages',
    ]) {
      expect(call?.attributes[name]).toBeUndefined();
    }
    const attempts = childrenOf(call as ReadableSpan);
    expect(attempts.map((span) => span.name)).toEqual(['POST /embeddings', 'POST /embeddings']);
    expect(attempts[0]?.attributes['url.template']).toBe('/embeddings');
  });

  it('has no attempt span when the cache answers', async () => {
    const { client, spans, childrenOf } = setup();
    const ask = { model: 'text-embedding-3-small', input: 'cached' };
    await client.embeddings.create(ask);
    await client.embeddings.create(ask);
    const calls = spans().filter((span) => span.name.startsWith('embeddings '));
    expect(calls.map((span) => span.attributes['bulwark.cache.hit'])).toEqual([false, true]);
    expect(childrenOf(calls[1] as ReadableSpan)).toEqual([]);
  });
});
