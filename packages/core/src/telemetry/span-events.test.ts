import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/create-client.js';
import {
  ROUTED_MODEL,
  twoDeploymentMock,
  twoDeploymentRoutes,
} from '../../test/support/two-deployments.js';

const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };

function tracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const callSpans = () =>
    exporter.getFinishedSpans().filter((span) => span.name.startsWith('chat '));
  const attemptsOf = (callIndex: number) => {
    const parent = callSpans()[callIndex]?.spanContext().spanId;
    return exporter.getFinishedSpans().filter((span) => span.parentSpanContext?.spanId === parent);
  };
  return { tracerProvider, callSpans, attemptsOf };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('span events and attempts across deployments', () => {
  it('shows a fallback as an event, each deployment’s attempts as children, and the deployment that answered', async () => {
    const { tracerProvider, callSpans, attemptsOf } = tracing();
    const mock = twoDeploymentMock();
    mock.deployment('primary').onChat().fail(503);
    mock.deployment('secondary').onChat().reply('from the secondary');
    const client = createClient({
      fetch: mock.fetch,
      routes: twoDeploymentRoutes(mock),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      telemetry: { tracerProvider },
    });
    await client.chat.completions.create({ ...hello, model: ROUTED_MODEL });
    const [span] = callSpans();
    const fallback = span?.events.find((event) => event.name === 'bulwark.fallback');
    expect(fallback?.attributes).toEqual({
      'bulwark.fallback.from': 'primary',
      'bulwark.fallback.to': 'secondary',
      'bulwark.fallback.reason': 'server_error',
    });
    const attempts = attemptsOf(0).map((attempt) => [
      attempt.attributes['bulwark.deployment'],
      attempt.attributes['bulwark.attempt'],
      attempt.attributes['error.type'],
    ]);
    expect(attempts).toEqual(
      expect.arrayContaining([
        ['primary', 1, 'server_error'],
        ['primary', 2, 'server_error'],
        ['secondary', 1, undefined],
      ]),
    );
    expect(attempts).toHaveLength(3);
    expect(span?.attributes['server.address']).toBe(
      new URL(mock.deployment('secondary').url()).hostname,
    );
  });

  it('records a client-side rate-limit wait as an event', async () => {
    vi.useFakeTimers();
    const { tracerProvider, callSpans } = tracing();
    const mock = createMockOpenAI();
    mock.onChat().reply('Hi');
    const client = createClient({
      apiKey: 'sk-test.events-0123456789',
      fetch: mock.fetch,
      model: 'gpt-4',
      rateLimit: { rpm: 1, maxWaitMs: 120_000 },
      cache: { store: 'off' },
      telemetry: { tracerProvider },
    });
    await client.chat.completions.create(hello);
    const second = client.chat.completions.create(hello);
    await vi.advanceTimersByTimeAsync(61_000);
    await second;
    const waited = callSpans()[1]?.events.find((event) => event.name === 'bulwark.rate_limit.wait');
    expect(waited?.attributes).toMatchObject({
      'bulwark.rate_limit.limit': 'requests',
      'bulwark.rate_limit.wait_ms': expect.any(Number),
    });
  });
});
