import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';

const ask = {
  messages: [{ role: 'user' as const, content: 'What is the capital of France?' }],
  temperature: 0,
  max_tokens: 50,
};

function setup(options: { recordContent?: boolean; maxAttempts?: number } = {}) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const mock = createMockOpenAI();
  const client = createClient({
    apiKey: 'sk-test.spans-0123456789',
    fetch: mock.fetch,
    model: 'gpt-4',
    retry: { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 1 },
    telemetry: { tracerProvider, recordContent: options.recordContent ?? false },
  });
  const spans = () => exporter.getFinishedSpans();
  const calls = () => spans().filter((span) => span.name.startsWith('chat '));
  const childrenOf = (parent: ReadableSpan) =>
    spans().filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
  return { mock, client, spans, calls, childrenOf };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('the call span', () => {
  it('is one CLIENT span `chat {model}` with the GenAI attributes, and one child per attempt', async () => {
    const { mock, client, calls, childrenOf } = setup();
    mock.onChat().replyOnce('Paris.');
    const completion = await client.chat.completions.create(ask);
    const [span] = calls();
    expect(calls()).toHaveLength(1);
    expect(span?.name).toBe('chat gpt-4');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0,
      'gen_ai.response.model': completion.model,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'server.address': 'api.openai.com',
      'server.port': 443,
      'bulwark.cache.hit': false,
    });
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const attempts = childrenOf(span as ReadableSpan);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      name: 'POST /chat/completions',
      kind: SpanKind.CLIENT,
      attributes: { 'bulwark.attempt': 1, 'server.address': 'api.openai.com' },
    });
    // Prompts and answers are not recorded unless asked.
    expect(span?.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span?.attributes['gen_ai.output.messages']).toBeUndefined();
  });

  it('shows a retried call as two attempt spans, the failed one with its error', async () => {
    const { mock, client, calls, childrenOf } = setup();
    mock.onChat().failOnce(500).replyOnce('Paris.');
    await client.chat.completions.create(ask);
    const attempts = childrenOf(calls()[0] as ReadableSpan).sort(
      (a, b) => Number(a.attributes['bulwark.attempt']) - Number(b.attributes['bulwark.attempt']),
    );
    expect(attempts.map((span) => span.attributes['bulwark.attempt'])).toEqual([1, 2]);
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempts[0]?.attributes).toMatchObject({
      'error.type': 'server_error',
      'http.response.status_code': 500,
    });
    expect(attempts[1]?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('marks a cache hit, with an event and no attempt span', async () => {
    const { mock, client, calls, childrenOf } = setup();
    mock.onChat().reply('Paris.');
    await client.chat.completions.create(ask);
    await client.chat.completions.create(ask);
    const [, hit] = calls();
    expect(hit?.attributes['bulwark.cache.hit']).toBe(true);
    expect(hit?.events.map((event) => event.name)).toEqual(['bulwark.cache.hit']);
    expect(childrenOf(hit as ReadableSpan)).toHaveLength(0);
    // Nothing was spent on it: no usage attributes.
    expect(hit?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('traces a stream with the usage Bulwark asked for and the finish reason', async () => {
    const { mock, client, calls, childrenOf } = setup();
    mock.onChat().streamOnce('Paris is the capital.', { chunkSize: 4 });
    let id: string | undefined;
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true })) {
      id ??= chunk.id;
    }
    const [span] = calls();
    expect(span?.attributes).toMatchObject({
      'gen_ai.response.id': id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.output_tokens': expect.any(Number),
      'bulwark.cache.hit': false,
    });
    expect(childrenOf(span as ReadableSpan)).toHaveLength(1);
  });

  it('ends a failed call with error.type (its code) and status ERROR', async () => {
    const { mock, client, calls, childrenOf } = setup({ maxAttempts: 1 });
    mock.onChat().failOnce(400);
    await failure(client.chat.completions.create(ask));
    const [span] = calls();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toEqual(expect.any(String));
    expect(childrenOf(span as ReadableSpan)[0]?.attributes['http.response.status_code']).toBe(400);
  });

  it('ends a call refused by validation, with no attempt', async () => {
    const { client, calls, spans } = setup();
    await failure(client.chat.completions.create({ messages: [] }));
    expect(calls()[0]?.attributes['error.type']).toBe('invalid_request');
    expect(spans()).toHaveLength(1);
  });

  it('records a breaker rejection as an event', async () => {
    const exporter = new InMemorySpanExporter();
    const mock = createMockOpenAI();
    const client = createClient({
      apiKey: 'sk-test.spans-0123456789',
      fetch: mock.fetch,
      retry: { maxAttempts: 1 },
      circuitBreaker: { threshold: 1, halfOpenAfterMs: 60_000 },
      telemetry: {
        tracerProvider: new BasicTracerProvider({
          spanProcessors: [new SimpleSpanProcessor(exporter)],
        }),
      },
    });
    mock.onChat().fail(503);
    await failure(client.chat.completions.create(ask));
    await failure(client.chat.completions.create(ask));
    const rejected = exporter.getFinishedSpans().filter((span) => span.name.startsWith('chat '))[1];
    expect(rejected?.events.map((event) => event.name)).toContain('bulwark.circuit.rejected');
    expect(rejected?.attributes['error.type']).toBe('circuit_open');
  });

  it('records prompts and answers only when recordContent is on', async () => {
    const { mock, client, calls } = setup({ recordContent: true });
    mock.onChat().replyOnce('Paris.');
    await client.chat.completions.create(ask);
    const attributes = calls()[0]?.attributes ?? {};
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual(ask.messages);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      expect.objectContaining({ role: 'assistant', content: 'Paris.' }),
    ]);
  });
});
