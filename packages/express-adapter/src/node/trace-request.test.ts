import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRequestContext } from './request-context.js';
import { createRequestTracer, type RequestTracer } from './trace-request.js';

const exporter = new InMemorySpanExporter();

/** The tracer over the API this file registers its SDK with. */
function tracerOverApi(): RequestTracer {
  const tracer = createRequestTracer(api);
  if (tracer === undefined) throw new Error('the API is installed');
  return tracer;
}
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => api.context.disable());

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  api.trace.disable();
  exporter.reset();
  vi.restoreAllMocks();
});

/** Serves every request through `tracer`, answering 204 from inside the traced `run`. */
async function serve(
  tracer: RequestTracer,
  onRun: () => void = () => {},
  headers: Record<string, string> = {},
): Promise<void> {
  server = createServer((request, response) => {
    const context = startRequestContext(request, response, '/v1/chat/completions');
    tracer(request, response, context, () => {
      onRun();
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    const outgoing = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers }, (answer) => {
      answer.resume().once('end', resolve);
    });
    outgoing.once('error', reject).end();
  });
}

describe('createRequestTracer', () => {
  it('is undefined without @opentelemetry/api', () => {
    expect(createRequestTracer(undefined)).toBeUndefined();
  });

  it('only runs the request, and starts no tracer, when no SDK is registered', async () => {
    const getTracer = vi.spyOn(api.trace, 'getTracer');
    const extract = vi.spyOn(api.propagation, 'extract');
    const onRun = vi.fn(() => expect(api.trace.getActiveSpan()).toBeUndefined());
    await serve(tracerOverApi(), onRun);
    expect(onRun).toHaveBeenCalledOnce();
    expect(getTracer).not.toHaveBeenCalled();
    expect(extract).not.toHaveBeenCalled();
  });

  it('sees an SDK registered after it was made', async () => {
    const tracer = tracerOverApi();
    api.trace.setGlobalTracerProvider(provider);
    let active: api.Span | undefined;
    await serve(tracer, () => (active = api.trace.getActiveSpan()));
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('POST /v1/chat/completions');
    expect(active?.spanContext().spanId).toBe(span?.spanContext().spanId);
    expect(span?.attributes['http.response.status_code']).toBe(204);
  });

  it('adds no second SERVER span when the host already made one for the request', async () => {
    api.trace.setGlobalTracerProvider(provider);
    const host = api.trace.getTracer('host').startSpan('POST', { kind: api.SpanKind.SERVER });
    const tracer = tracerOverApi();
    let active: api.Span | undefined;
    await serve((request, response, context, run) =>
      api.context.with(api.trace.setSpan(api.context.active(), host), () =>
        tracer(request, response, context, () => {
          active = api.trace.getActiveSpan();
          run();
        }),
      ),
    );
    host.end();
    expect(active).toBe(host);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['POST']);
  });

  it.each([
    ['gateway.example:8443', 'gateway.example', 8443],
    ['gateway.example', 'gateway.example', undefined],
    ['[::1]:8787', '::1', 8787],
  ])('reads server.address and server.port from the Host header %s', async (host, name, port) => {
    api.trace.setGlobalTracerProvider(provider);
    await serve(tracerOverApi(), () => {}, { host });
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes['server.address']).toBe(name);
    expect(span?.attributes['server.port']).toBe(port);
  });
});
