import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { mapAzureError } from './map-azure-error.js';
import { parseRoutes } from './parse-routes.js';
import { upstreamTarget } from './upstream-target.js';

/** Both foundations together: targets computed here, answered by the mock's deployments. */
describe('upstreamTarget and mapAzureError against the mock deployments', () => {
  const mock = createMockOpenAI({
    deployments: {
      'openai-main': { provider: 'openai', apiKey: 'sk-main' },
      'azure-east': { provider: 'azure', apiKey: 'azure-key', apiVersions: ['2024-10-21'] },
    },
  });
  const routes = parseRoutes({
    deployments: {
      'openai-main': {
        provider: 'openai',
        baseURL: mock.deployment('openai-main').url(),
        apiKey: 'sk-main',
      },
      'azure-east': {
        provider: 'azure',
        endpoint: mock.deployment('azure-east').url(),
        deployment: 'azure-east',
        apiVersion: '2024-10-21',
        apiKey: 'azure-key',
      },
      'azure-gone': {
        provider: 'azure',
        endpoint: mock.deployment('azure-east').url(),
        deployment: 'retired',
        apiVersion: '2024-10-21',
        apiKey: 'azure-key',
      },
    },
    routes: { 'gpt-4o': { deployments: ['openai-main', 'azure-east', 'azure-gone'] } },
  });

  const send = async (name: string) => {
    const deployment = routes.deployments[name];
    if (deployment === undefined) throw new Error(`no deployment ${name}`);
    const target = upstreamTarget(deployment, '/chat/completions', 'gpt-4o');
    return mock.fetch(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ model: target.model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  };

  it('reaches both providers with the right URL shape and key', async () => {
    expect((await send('openai-main')).status).toBe(200);
    expect((await send('azure-east')).status).toBe(200);
    expect(mock.calls.map((call) => [call.deployment, call.body.model])).toEqual([
      ['openai-main', 'gpt-4o'],
      ['azure-east', 'gpt-4o'],
    ]);
  });

  it("reads the mock's Azure throttle and missing deployment in OpenAI's shape", async () => {
    mock.deployment('azure-east').onChat().failOnce(429, { retryAfterMs: 2500, retryAfter: 3 });
    const throttled = await send('azure-east');
    const mapped = mapAzureError({
      status: throttled.status,
      headers: throttled.headers,
      body: await throttled.json(),
    });
    expect(mapped.body.error.code).toBe('rate_limit_exceeded');
    expect(mapped.headers['retry-after-ms']).toBe('2500');
    const gone = await send('azure-gone');
    expect(
      mapAzureError({ status: gone.status, headers: gone.headers, body: await gone.json() }).body
        .error.code,
    ).toBe('model_not_found');
  });
});
