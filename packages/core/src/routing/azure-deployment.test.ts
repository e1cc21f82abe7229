import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { BadRequestError } from '../errors/errors.js';
import type { FallbackEvent } from '../events/client-events.js';

const MODEL = 'gpt-4-1106-preview';
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };
const AZURE_KEY = 'azure-test-key-0123456789';

function setup() {
  const mock = createMockOpenAI({
    deployments: {
      'azure-east': {
        provider: 'azure',
        apiKey: AZURE_KEY,
        deployment: 'gpt4-east',
        apiVersions: ['2024-10-21'],
      },
      backup: { provider: 'openai', apiKey: 'backup-test-key' },
    },
  });
  const client = createClient({
    fetch: mock.fetch,
    retry: { maxAttempts: 1 },
    cache: { store: 'off' },
    routes: {
      deployments: {
        'azure-east': {
          provider: 'azure',
          endpoint: mock.deployment('azure-east').url(),
          deployment: 'gpt4-east',
          apiVersion: '2024-10-21',
          apiKey: AZURE_KEY,
        },
        backup: {
          provider: 'openai',
          baseURL: mock.deployment('backup').url(),
          apiKey: 'backup-test-key',
        },
      },
      routes: { [MODEL]: { deployments: ['azure-east', 'backup'] } },
    },
  });
  const fallbacks: FallbackEvent['reason'][] = [];
  client.on('fallback', ({ reason }) => fallbacks.push(reason));
  return { mock, client, fallbacks };
}

describe('an Azure OpenAI deployment', () => {
  it('is called with Azure’s URL, api-version and api-key header, never a Bearer key', async () => {
    const { mock, client } = setup();
    mock.deployment('azure-east').onChat().reply('from Azure');
    const completion = await client.chat.completions.create(hello);
    expect(completion.choices[0]?.message.content).toBe('from Azure');
    const [call] = mock.calls;
    expect(call?.deployment).toBe('azure-east');
    const url = new URL(call?.url ?? '');
    expect(url.pathname).toMatch(/\/openai\/deployments\/gpt4-east\/chat\/completions$/);
    expect(url.searchParams.get('api-version')).toBe('2024-10-21');
    expect(call?.headers['api-key']).toBe(AZURE_KEY);
    expect(call?.headers['authorization']).toBeUndefined();
    await client.close();
  });

  it('streams through Azure’s content-filter frame, which is not content', async () => {
    const { mock, client } = setup();
    mock.deployment('azure-east').onChat().stream('streamed from Azure');
    const stream = await client.chat.completions.create({ ...hello, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed from Azure');
    await client.close();
  });

  it('reads Azure’s 429 as a rate limit with its retry-after, and falls over', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('azure-east').onChat().fail(429, { retryAfterMs: 3_000 });
    mock.deployment('backup').onChat().reply('from the backup');
    const completion = await client.chat.completions.create(hello);
    expect(completion.choices[0]?.message.content).toBe('from the backup');
    expect(fallbacks).toEqual(['rate_limited']);
    const cooldownUntil = client.health().deployments?.['azure-east']?.cooldownUntil ?? 0;
    expect(cooldownUntil - Date.now()).toBeGreaterThan(2_000);
    expect(cooldownUntil - Date.now()).toBeLessThanOrEqual(3_000);
    await client.close();
  });

  it('never falls over on Azure’s content filter, and maps its error to OpenAI’s shape', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('azure-east').onChat().fail(400, { code: 'content_filter' });
    const error = await client.chat.completions.create(hello).catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'content_filter' });
    expect(fallbacks).toEqual([]);
    expect(mock.calls.filter((call) => call.deployment === 'backup')).toHaveLength(0);
    await client.close();
  });

  it('falls over when Azure does not know the deployment', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('azure-east').onChat().fail(404, { code: 'DeploymentNotFound' });
    await client.chat.completions.create(hello);
    expect(fallbacks).toEqual(['model_not_found']);
    await client.close();
  });
});
