import { describe, expect, it } from 'vitest';
import { Secret } from '../security/secret.js';
import type { ResolvedDeployment } from './routes-config.js';
import { upstreamTarget } from './upstream-target.js';

const openai: ResolvedDeployment = {
  provider: 'openai',
  baseURL: 'https://api.openai.com/v1',
  apiKey: new Secret('sk-openai-key'),
};

const azure: ResolvedDeployment = {
  provider: 'azure',
  endpoint: 'https://my-resource.openai.azure.com/',
  deployment: 'gpt 4/1106',
  apiVersion: '2024-10-21',
  apiKey: new Secret('azure-key'),
  model: 'gpt-4-1106-preview',
};

describe('upstreamTarget', () => {
  it('sends OpenAI the route name as the model, with a Bearer key', () => {
    expect(upstreamTarget(openai, '/chat/completions', 'gpt-4o')).toEqual({
      url: 'https://api.openai.com/v1/chat/completions',
      headers: { authorization: 'Bearer sk-openai-key' },
      model: 'gpt-4o',
    });
  });

  it('adds the organization and project, and prefers the deployment model', () => {
    const target = upstreamTarget(
      { ...openai, organization: 'org-1', project: 'proj-1', model: 'gpt-4o-2024-08-06' },
      '/embeddings',
      'gpt-4o',
    );
    expect(target).toEqual({
      url: 'https://api.openai.com/v1/embeddings',
      headers: {
        authorization: 'Bearer sk-openai-key',
        'openai-organization': 'org-1',
        'openai-project': 'proj-1',
      },
      model: 'gpt-4o-2024-08-06',
    });
  });

  it('addresses an Azure deployment by name and api-version, with an api-key header', () => {
    expect(upstreamTarget(azure, '/chat/completions', 'gpt-4')).toEqual({
      url: 'https://my-resource.openai.azure.com/openai/deployments/gpt%204%2F1106/chat/completions?api-version=2024-10-21',
      headers: { 'api-key': 'azure-key' },
      model: 'gpt-4-1106-preview',
    });
    const embeddings = upstreamTarget(
      { ...azure, deployment: 'ada', apiKey: 'plain-key' },
      '/embeddings',
      'x',
    );
    expect(embeddings.headers).toEqual({ 'api-key': 'plain-key' });
    expect(embeddings.url).toBe(
      'https://my-resource.openai.azure.com/openai/deployments/ada/embeddings?api-version=2024-10-21',
    );
  });
});
