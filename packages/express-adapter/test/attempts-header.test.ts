// `x-bulwark-attempts` is on every answer that reached core, error answers
// included (with routes, `x-bulwark-deployment` too), and 0 when the cache
// answered; an answer the gateway gave before core (the per-caller limit) has none.
import type { RoutesConfig } from '@bulwark/core/routes';
import type { MockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const hello = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] };

function post(body: object = hello, headers: Record<string, string> = {}) {
  return fetch(`${gateway?.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const RETRIES = { BULWARK_MAX_ATTEMPTS: '3', BULWARK_RETRY_BASE_DELAY_MS: '1' };

describe('x-bulwark-attempts on every answer that reached core', () => {
  it.each([false, true])('says 3 on a 502 after three attempts (stream: %s)', async (stream) => {
    gateway = await startTestGateway({ env: RETRIES });
    gateway.mock.onChat().fail(502);
    const response = await post({ ...hello, stream });
    expect(response.status).toBe(502);
    expect(response.headers.get('x-bulwark-attempts')).toBe('3');
    expect(response.headers.get('x-bulwark-cache')).toMatch(/^(miss|bypass)$/);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
      'server_error',
    );
    expect(gateway.mock.calls).toHaveLength(3);
  });

  it('says 0 on a request refused before anything was sent (validation)', async () => {
    gateway = await startTestGateway();
    const response = await post({ ...hello, temperature: 9 });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-bulwark-attempts')).toBe('0');
    expect(gateway.mock.calls).toHaveLength(0);
  });

  it('says 0 on a cache hit', async () => {
    gateway = await startTestGateway();
    const deterministic = { ...hello, temperature: 0 };
    const first = await post(deterministic);
    expect(first.headers.get('x-bulwark-attempts')).toBe('1');
    const second = await post(deterministic);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-bulwark-cache')).toBe('hit');
    expect(second.headers.get('x-bulwark-attempts')).toBe('0');
  });

  it('is absent from a 429 of the per-caller limit, which never reached core', async () => {
    gateway = await startTestGateway({ callerRpm: 1 });
    expect((await post()).headers.get('x-bulwark-attempts')).toBe('1');
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.has('x-bulwark-attempts')).toBe(false);
    expect(gateway.mock.calls).toHaveLength(1);
  });

  it('names the deployment tried last on an error answer with routes', async () => {
    const routes = (mock: MockOpenAI): RoutesConfig => ({
      deployments: {
        primary: {
          provider: 'openai',
          baseURL: mock.deployment('primary').url(),
          apiKey: 'sk-primary.attempts-0001',
        },
        secondary: {
          provider: 'openai',
          baseURL: mock.deployment('secondary').url(),
          apiKey: 'sk-secondary.attempts-0002',
        },
      },
      routes: { 'gpt-4o': { deployments: ['primary', 'secondary'] } },
    });
    gateway = await startTestGateway({
      mockOptions: {
        deployments: {
          primary: { provider: 'openai', apiKey: 'sk-primary.attempts-0001' },
          secondary: { provider: 'openai', apiKey: 'sk-secondary.attempts-0002' },
        },
      },
      routes,
      env: { BULWARK_MAX_ATTEMPTS: '2', BULWARK_RETRY_BASE_DELAY_MS: '1' },
    });
    gateway.mock.deployment('primary').onChat().fail(502);
    gateway.mock.deployment('secondary').onChat().fail(502);
    const response = await post();
    expect(response.status).toBe(502);
    expect(response.headers.get('x-bulwark-deployment')).toBe('secondary');
    expect(response.headers.get('x-bulwark-attempts')).toBe('2');
  });
});
