// The gateway's SERVER span (docs/observability.md), recorded by a real SDK
// registered globally for this file: an in-memory exporter behind a simple
// span processor, the async-hooks context manager and the W3C propagator.
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
  exporter.reset();
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;
const body = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });

function post(payload = body, headers: Record<string, string> = {}): Promise<Response> {
  if (gateway === undefined) throw new Error('start the gateway first');
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'span-test/1.0', ...headers },
    body: payload,
  });
}

/** The SERVER spans ended so far, once there are `count` of them. */
async function serverSpans(count = 1): Promise<ReadableSpan[]> {
  const ended = () => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);
  await expect.poll(() => ended().length, { timeout: 3000 }).toBeGreaterThanOrEqual(count);
  return ended();
}

describe('the gateway SERVER span', () => {
  it('continues an incoming traceparent, with the HTTP attributes', async () => {
    gateway = await startTestGateway();
    const response = await post(body, { traceparent: TRACEPARENT });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const [span] = await serverSpans();
    expect(span?.name).toBe('POST /v1/chat/completions');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(span?.parentSpanContext?.isRemote).toBe(true);
    const { port } = new URL(gateway.url);
    expect(span?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'url.path': '/v1/chat/completions',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'server.address': '127.0.0.1',
      'server.port': Number(port),
      'client.address': expect.stringMatching(/127\.0\.0\.1$/) as unknown,
      'user_agent.original': 'span-test/1.0',
      'http.response.status_code': 200,
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('starts a new trace without a traceparent', async () => {
    gateway = await startTestGateway();
    await (await post()).arrayBuffer();
    await (await post()).arrayBuffer();
    const [first, second] = await serverSpans(2);
    expect(first?.parentSpanContext).toBeUndefined();
    expect(first?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first?.spanContext().traceId).not.toBe(second?.spanContext().traceId);
  });

  it('runs the core call inside the span: the upstream request is in its trace', async () => {
    const upstreamTraces: (string | undefined)[] = [];
    const mock = createMockOpenAI();
    gateway = await startTestGateway({
      fetch: (input, init) => {
        upstreamTraces.push(trace.getActiveSpan()?.spanContext().traceId);
        return mock.fetch(input, init);
      },
    });
    await (await post(body, { traceparent: TRACEPARENT })).arrayBuffer();
    await serverSpans();
    expect(upstreamTraces).toEqual([TRACE_ID]);
  });

  it("is the parent of core's call span, whose attempts are its children", async () => {
    gateway = await startTestGateway();
    await (await post(body, { traceparent: TRACEPARENT })).arrayBuffer();
    const [server] = await serverSpans();
    const spans = exporter.getFinishedSpans();
    const call = spans.find((span) => span.name === 'chat gpt-4');
    expect(call?.kind).toBe(SpanKind.CLIENT);
    expect(call?.spanContext().traceId).toBe(TRACE_ID);
    expect(call?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    const attempts = spans.filter(
      (span) => span.parentSpanContext?.spanId === call?.spanContext().spanId,
    );
    expect(attempts).toHaveLength(1);
  });

  it('sets error.type to the code a 4xx answered, leaving the status unset', async () => {
    gateway = await startTestGateway();
    const response = await post('{"model": "gpt-4", "messages": [');
    expect(response.status).toBe(400);
    const [span] = await serverSpans();
    expect(span?.attributes['http.response.status_code']).toBe(400);
    expect(span?.attributes['error.type']).toBe('invalid_json');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a refusal before the route ran (per-caller limit)', async () => {
    gateway = await startTestGateway({ callerRpm: 1 });
    await (await post()).arrayBuffer();
    const refused = await post();
    expect(refused.status).toBe(429);
    const spans = await serverSpans(2);
    expect(spans.map((span) => span.attributes['error.type'])).toEqual([
      undefined,
      'caller_rate_limit_exceeded',
    ]);
  });

  it('marks a 5xx as an error, with the code the gateway answered', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().fail(500, { message: 'upstream broke' });
    const response = await post();
    const { error } = (await response.json()) as { error: { code: string } };
    expect(response.status).toBeGreaterThanOrEqual(500);
    const [span] = await serverSpans();
    expect(span?.attributes['http.response.status_code']).toBe(response.status);
    expect(span?.attributes['error.type']).toBe(error.code);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ends with status 499 when the client goes away mid-stream', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().streamOnce('x'.repeat(200), { chunkSize: 1, delayMs: 20 });
    const response = await post(JSON.stringify({ ...(JSON.parse(body) as object), stream: true }));
    const reader = response.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    await reader?.cancel();
    const [span] = await serverSpans();
    expect(span?.attributes['http.response.status_code']).toBe(499);
    expect(span?.attributes['error.type']).toBe('499');
  });

  it('makes no span for the probes and /metrics', async () => {
    gateway = await startTestGateway();
    for (const path of ['/healthz', '/readyz', '/metrics', '/v1/models']) {
      await (await fetch(`${gateway.url}${path}`)).arrayBuffer();
    }
    const spans = await serverSpans();
    expect(spans.map((span) => span.name)).toEqual(['GET /v1/models']);
  });
});
