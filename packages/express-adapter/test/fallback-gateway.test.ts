import type { RoutesConfig } from '@bulwark/core/routes';
import type { MockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

const MODEL = 'gpt-4-1106-preview';
let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

function routes(mock: MockOpenAI): RoutesConfig {
  return {
    deployments: {
      primary: {
        provider: 'openai',
        baseURL: mock.deployment('primary').url(),
        apiKey: 'sk-primary.deployment-key-0001',
      },
      secondary: {
        provider: 'azure',
        endpoint: mock.deployment('secondary').url(),
        deployment: 'secondary',
        apiVersion: '2024-10-21',
        apiKey: 'azure-secondary-key-0002',
      },
    },
    routes: { [MODEL]: { deployments: ['primary', 'secondary'] } },
  };
}

async function start(): Promise<TestGateway> {
  gateway = await startTestGateway({
    mockOptions: {
      deployments: {
        primary: { provider: 'openai', apiKey: 'sk-primary.deployment-key-0001' },
        secondary: { provider: 'azure', apiKey: 'azure-secondary-key-0002' },
      },
    },
    routes,
    env: { BULWARK_MAX_ATTEMPTS: '2', BULWARK_RETRY_BASE_DELAY_MS: '1' },
  });
  return gateway;
}

function post(url: string, body: object) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], ...body }),
  });
}

describe('the gateway with a two-deployment route', () => {
  it('answers every one of 1,000 requests from the secondary while the primary fails every call', async () => {
    const { url, mock } = await start();
    mock.deployment('primary').onChat().fail(503);
    const statuses = new Map<number, number>();
    const deployments = new Set<string | null>();
    for (let batch = 0; batch < 20; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          post(url, {}).then(async (response) => {
            await response.arrayBuffer();
            return response;
          }),
        ),
      );
      for (const response of answers) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        deployments.add(response.headers.get('x-bulwark-deployment'));
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1000 });
    expect([...deployments]).toEqual(['secondary']);
    // The primary's circuit opened after its first failures: it is no longer called.
    const primaryCalls = mock.calls.filter((call) => call.deployment === 'primary').length;
    expect(primaryCalls).toBeLessThan(50);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /bulwark_fallbacks_total\{from="primary",to="secondary",reason="circuit_open"\} \d+/,
    );
    expect(metrics).toMatch(/bulwark_deployment_answers_total\{deployment="secondary"\} 1000/);
    // A thousand requests: a couple of seconds idle, far more on a loaded 2-core machine.
  }, 60_000);

  it('streams from the secondary when the primary fails before any content', async () => {
    const { url, mock } = await start();
    mock.deployment('primary').onChat().malformed();
    mock.deployment('secondary').onChat().stream('from Azure');
    const response = await post(url, { stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bulwark-deployment')).toBe('secondary');
    const text = await response.text();
    const frames = text.split('\n\n').filter((frame) => frame.startsWith('data: '));
    expect(frames.at(-1)).toBe('data: [DONE]');
    const content = frames
      .slice(0, -1)
      .map((frame) => JSON.parse(frame.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe('from Azure');
  });

  it('ends a stream that fails after content with one error frame, and never asks the secondary', async () => {
    const { url, mock } = await start();
    mock.deployment('primary').onChat().truncate({ afterChunks: 3 });
    const response = await post(url, { stream: true });
    const text = await response.text();
    expect(text).toContain('"code":"stream_truncated"');
    expect(text).not.toContain('data: [DONE]');
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^data: {"error":/);
    expect(mock.calls.filter((call) => call.deployment === 'secondary')).toHaveLength(0);
  });

  it('lists the route names at GET /v1/models', async () => {
    const { url } = await start();
    const listed = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string }[] };
    const ids = listed.data.map((model) => model.id);
    expect(ids[0]).toBe(MODEL);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never shows a deployment’s key in a log line or an error', async () => {
    const { url, mock, rawLogs } = await start();
    mock
      .deployment('primary')
      .onChat()
      .fail(401, { message: 'Incorrect API key provided: sk-primary.deployment-key-0001' });
    const response = await post(url, {});
    const body = await response.text();
    await gateway?.server.close();
    expect(body).not.toContain('sk-primary.deployment-key-0001');
    expect(rawLogs.join('\n')).not.toContain('sk-primary.deployment-key-0001');
    expect(rawLogs.join('\n')).not.toContain('azure-secondary-key-0002');
    gateway = undefined;
  });
});
