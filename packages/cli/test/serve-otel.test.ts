// `bulwark serve` with the standard OTEL_* variables (docs/observability.md):
// the built binary, a real upstream (the mock server, called with a fake
// key), and a fake OTLP/HTTP collector receiving OTLP/JSON.
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';
import {
  assertBuilt,
  killLeftovers,
  startBulwark,
  TEST_KEY,
  type RunningBulwark,
} from './support/run-bulwark.js';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
}
interface OtlpResource {
  attributes: OtlpAttribute[];
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const SERVER_KIND = 2;

let upstream: MockServer;
let collector: OtlpReceiver | undefined;
beforeAll(async () => {
  assertBuilt();
  upstream = await startMockServer();
});
afterEach(async () => {
  await killLeftovers();
  await collector?.close();
  collector = undefined;
});
afterAll(() => upstream.close());

/** Every span and its resource, from the OTLP/JSON trace exports received. */
function receivedSpans(receiver: OtlpReceiver): { span: OtlpSpan; resource: OtlpResource }[] {
  return receiver.exports
    .filter((entry) => entry.path === '/v1/traces')
    .flatMap((entry) => {
      const body = JSON.parse(entry.body) as {
        resourceSpans: { resource: OtlpResource; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      return body.resourceSpans.flatMap(({ resource, scopeSpans }) =>
        scopeSpans.flatMap(({ spans }) => spans.map((span) => ({ span, resource }))),
      );
    });
}

/** The names of every metric in the OTLP/JSON metric exports received. */
function receivedMetricNames(receiver: OtlpReceiver): string[] {
  const names = receiver.exports
    .filter((entry) => entry.path === '/v1/metrics')
    .flatMap((entry) => {
      const body = JSON.parse(entry.body) as {
        resourceMetrics: { scopeMetrics: { metrics: { name: string }[] }[] }[];
      };
      return body.resourceMetrics.flatMap(({ scopeMetrics }) =>
        scopeMetrics.flatMap(({ metrics }) => metrics.map((metric) => metric.name)),
      );
    });
  return [...new Set(names)];
}

const attribute = (attributes: OtlpAttribute[], key: string) =>
  attributes.find((entry) => entry.key === key)?.value;

async function startServe(
  otel: Record<string, string>,
): Promise<{ serve: RunningBulwark; base: string }> {
  const port = await freePort();
  const serve = startBulwark(['serve', '--port', String(port)], {
    env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: upstream.url, ...otel },
  });
  await expect.poll(() => serve.stdout(), { timeout: 15_000 }).toMatch(/listening on/);
  return { serve, base: `http://127.0.0.1:${port}/v1` };
}

function chat(base: string, headers: Record<string, string> = {}, stream = false) {
  return fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'Trace me' }],
      stream,
    }),
  });
}

describe('bulwark serve exporting OpenTelemetry data', { timeout: 60_000 }, () => {
  it('exports the SERVER span continuing the traceparent, and metrics, without the key', async () => {
    collector = await startOtlpReceiver();
    const receiver = collector;
    const { serve, base } = await startServe({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '200',
    });
    await expect
      .poll(() => serve.stdout())
      .toContain(
        `OpenTelemetry: traces to ${receiver.url}/v1/traces (http/json), metrics to ${receiver.url}/v1/metrics (http/json) every 0.2 s`,
      );

    const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;
    const answer = await chat(base, { traceparent });
    expect(answer.status).toBe(200);
    await answer.arrayBuffer();
    await (await chat(base, {}, true)).text();
    // The upstream really was called with the key that must not be exported.
    expect(upstream.mock.calls.at(-1)?.headers['authorization']).toBe(`Bearer ${TEST_KEY}`);

    await expect
      .poll(() => receivedSpans(receiver).filter(({ span }) => span.kind === SERVER_KIND).length, {
        timeout: 10_000,
      })
      .toBe(2);
    const servers = receivedSpans(receiver).filter(({ span }) => span.kind === SERVER_KIND);
    const continued = servers.find(({ span }) => span.traceId === TRACE_ID);
    expect(continued?.span).toMatchObject({
      name: 'POST /v1/chat/completions',
      parentSpanId: PARENT_ID,
    });
    expect(attribute(continued?.span.attributes ?? [], 'http.response.status_code')).toEqual({
      intValue: 200,
    });
    expect(attribute(continued?.resource.attributes ?? [], 'service.name')).toEqual({
      stringValue: 'bulwark',
    });
    await expect
      .poll(() => receivedSpans(receiver).some(({ span }) => span.name === 'chat gpt-4'))
      .toBe(true);
    const call = receivedSpans(receiver).find(
      ({ span }) => span.name === 'chat gpt-4' && span.traceId === TRACE_ID,
    );
    expect(call?.span.parentSpanId).toBe(continued?.span.spanId);
    const fresh = servers.find(({ span }) => span.traceId !== TRACE_ID);
    expect(fresh?.span.parentSpanId ?? '').toBe('');

    await expect
      .poll(() => receivedMetricNames(receiver), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']),
      );

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    const everything = receiver.exports.map((entry) => entry.body).join('\n');
    expect(everything).not.toContain(TEST_KEY);
    expect(everything).not.toContain(TEST_KEY.slice(8));
    expect(receiver.exports.every((entry) => entry.contentType === 'application/json')).toBe(true);
  });

  it('keeps serving, and exits 0 on SIGTERM, when the collector is down', async () => {
    const { serve, base } = await startServe({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      // Exports retry until this timeout; it bounds the wait for the last one on shutdown.
      OTEL_EXPORTER_OTLP_TIMEOUT: '500',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '100',
    });
    for (let index = 0; index < 5; index += 1) {
      const answer = await chat(base, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.stderr()).not.toMatch(/error|\bat /i);
  });

  it('refuses a bad OTEL_* setting with exit code 2, naming it', async () => {
    const serve = startBulwark(['serve', '--port', String(await freePort())], {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http' },
    });
    expect((await serve.exited).code).toBe(2);
    expect(serve.stderr()).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(serve.stderr()).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
  });
});
