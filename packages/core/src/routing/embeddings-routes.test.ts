import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import type { FallbackEvent } from '../events/client-events.js';

const MODEL = 'text-embedding-3-small';
const AZURE_KEY = 'azure-test-key-0123456789';

function setup() {
  const mock = createMockOpenAI({
    deployments: {
      'azure-east': {
        provider: 'azure',
        apiKey: AZURE_KEY,
        deployment: 'embed-east',
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
          deployment: 'embed-east',
          apiVersion: '2024-10-21',
          apiKey: AZURE_KEY,
        },
        backup: {
          provider: 'openai',
          baseURL: mock.deployment('backup').url(),
          apiKey: 'backup-test-key',
          model: MODEL,
        },
      },
      routes: { embeddings: { deployments: ['azure-east', 'backup'] } },
    },
  });
  const fallbacks: FallbackEvent['reason'][] = [];
  client.on('fallback', ({ reason }) => fallbacks.push(reason));
  return { mock, client, fallbacks };
}

describe('embeddings on routes and deployments', () => {
  it('goes to an Azure deployment at /openai/deployments/{name}/embeddings?api-version=…', async () => {
    const { mock, client } = setup();
    const response = await client.embeddings.create({ model: 'embeddings', input: 'hello' });
    expect(response.data[0]?.embedding).toHaveLength(1536);
    const [call] = mock.embeddingCalls;
    const url = new URL(call?.url ?? '');
    expect(url.pathname).toBe('/azure-east/openai/deployments/embed-east/embeddings');
    expect(url.searchParams.get('api-version')).toBe('2024-10-21');
    expect(call?.headers['api-key']).toBe(AZURE_KEY);
  });

  it('falls over to the next deployment, at POST {baseURL}/embeddings with the route’s model', async () => {
    const { mock, client, fallbacks } = setup();
    mock.deployment('azure-east').onEmbeddings().failOnce(503);
    const response = await client.embeddings.create({ model: 'embeddings', input: 'hello' });
    expect(response.data).toHaveLength(1);
    expect(fallbacks).toEqual(['server_error']);
    const backup = mock.deployment('backup').embeddingCalls;
    expect(new URL(backup[0]?.url ?? '').pathname).toBe('/backup/v1/embeddings');
    expect(backup[0]?.body.model).toBe(MODEL);
    expect(mock.embeddingCalls.map((call) => call.deployment)).toEqual(['azure-east', 'backup']);
  });

  it('sends a model without a route to the client’s own upstream', async () => {
    const { mock, client } = setup();
    await client.embeddings.create({ model: MODEL, input: 'hello' });
    expect(new URL(mock.embeddingCalls[0]?.url ?? '').pathname).toBe('/v1/embeddings');
  });
});
