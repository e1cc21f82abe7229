import OpenAI, { AzureOpenAI } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';

const messages = [{ role: 'user' as const, content: 'Hello over HTTP' }];

describe('startMockServer with deployments', () => {
  let server: MockServer;

  beforeEach(async () => {
    server = await startMockServer({
      deployments: {
        'openai-main': { provider: 'openai', apiKey: 'sk-main' },
        'azure-east': { provider: 'azure', apiKey: 'azure-key', apiVersions: ['2024-10-21'] },
      },
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('serves each deployment under its own URL with its own script', async () => {
    server.mock.deployment('azure-east').onChat().replyOnce('east');
    server.mock.deployment('openai-main').onChat().replyOnce('main');
    expect(server.deploymentURL('azure-east')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/azure-east$/);
    const azure = new AzureOpenAI({
      endpoint: server.deploymentURL('azure-east'),
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
      deployment: 'azure-east',
      maxRetries: 0,
    });
    const openai = new OpenAI({
      baseURL: server.deploymentURL('openai-main'),
      apiKey: 'sk-main',
      maxRetries: 0,
    });
    const east = await azure.chat.completions.create({ model: 'gpt-4', messages });
    const main = await openai.chat.completions.create({ model: 'gpt-4', messages });
    expect([east.choices[0]?.message.content, main.choices[0]?.message.content]).toEqual([
      'east',
      'main',
    ]);
    expect(server.mock.calls.map((call) => call.deployment)).toEqual(['azure-east', 'openai-main']);
    server.mock.assertAllConsumed();
  });

  it('answers a wrong api-version and a wrong key as Azure does, over HTTP', async () => {
    const url = `${server.deploymentURL('azure-east')}/openai/deployments/azure-east/chat/completions`;
    const send = (query: string, key: string) =>
      fetch(`${url}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': key },
        body: JSON.stringify({ messages }),
      });
    const unsupported = await send('?api-version=2025-01-01', 'azure-key');
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toEqual({
      error: { code: 'BadRequest', message: 'API version not supported' },
    });
    const wrongKey = await send('?api-version=2024-10-21', 'nope');
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.headers.get('apim-request-id')).toMatch(/^req_/);
    const east = server.mock.deployment('azure-east');
    east.onChat().reset();
    await expect(send('?api-version=2024-10-21', 'azure-key')).rejects.toThrow(/fetch failed/);
  });
});
