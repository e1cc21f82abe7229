import { Secret } from '@bulwark/core/security';
import type { DeploymentConfig } from '@bulwark/core/routes';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { checkDeployment } from './check-deployment.js';

const OPENAI_KEY = 'sk-test.doctor-openai-0123456789';
const AZURE_KEY = 'azure-doctor-0123456789abcdef';
const API_VERSION = '2024-10-21';

function setup() {
  const mock = createMockOpenAI({
    deployments: {
      'openai-main': { provider: 'openai', apiKey: OPENAI_KEY },
      'azure-east': {
        provider: 'azure',
        apiKey: AZURE_KEY,
        deployment: 'gpt-4-1106',
        apiVersions: [API_VERSION],
      },
    },
  });
  const seen: Headers[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    seen.push(new Headers(init?.headers));
    return mock.fetch(input, init);
  };
  const openai: DeploymentConfig = {
    provider: 'openai',
    baseURL: mock.deployment('openai-main').url(),
    apiKey: new Secret(OPENAI_KEY),
  };
  const azure: DeploymentConfig = {
    provider: 'azure',
    endpoint: mock.deployment('azure-east').url(),
    deployment: 'gpt-4-1106',
    apiVersion: API_VERSION,
    apiKey: new Secret(AZURE_KEY),
  };
  return { fetch, seen, openai, azure };
}

describe('checkDeployment', () => {
  it('passes an OpenAI deployment that lists its models with its Bearer key, the key masked', async () => {
    const { fetch, seen, openai } = setup();
    const check = await checkDeployment('openai-main', openai, { fetch });
    expect(check.ok).toBe(true);
    expect(check.text).toMatch(
      /^openai-main: key sk-…6789, http:\/\/127\.0\.0\.1\/openai-main\/v1 answered in \d+ ms \(GET \/models 200, \d+ models\)$/,
    );
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it("passes an Azure deployment that lists the resource's models with its api-key", async () => {
    const { fetch, seen, azure } = setup();
    const check = await checkDeployment('azure-east', azure, { fetch });
    expect(check).toEqual({
      ok: true,
      text: expect.stringMatching(
        /^azure-east: key azu…cdef, http:\/\/127\.0\.0\.1\/azure-east answered in \d+ ms \(GET \/openai\/models\?api-version=2024-10-21 200, \d+ models\)$/,
      ),
    });
    expect(seen[0]?.get('api-key')).toBe(AZURE_KEY);
    expect(seen[0]?.get('authorization')).toBeNull();
  });

  it('fails a deployment that refuses its key or its api-version, never showing the key', async () => {
    const { fetch, openai, azure } = setup();
    const wrongKey = await checkDeployment(
      'azure-east',
      { ...azure, apiKey: 'azure-wrong-0123456789abcdef' },
      { fetch },
    );
    expect(wrongKey).toEqual({
      ok: false,
      text: 'azure-east: key azu…cdef, http://127.0.0.1/azure-east answered 401: the key was rejected',
    });
    const oldVersion = await checkDeployment(
      'azure-east',
      { ...azure, apiVersion: '2023-05-15' },
      { fetch },
    );
    expect(oldVersion.text).toBe(
      'azure-east: key azu…cdef, http://127.0.0.1/azure-east answered 400 BadRequest',
    );
    const openaiWrong = await checkDeployment(
      'openai-main',
      { ...openai, apiKey: 'sk-test.wrong-0123456789' },
      { fetch },
    );
    expect(openaiWrong.text).toMatch(/answered 401 invalid_api_key: the key was rejected$/);
    for (const check of [wrongKey, oldVersion, openaiWrong]) {
      expect(check.text).not.toMatch(/wrong-0123456789|azure-doctor-0123456789abcdef/);
    }
  });

  it('fails a plain http: URL off loopback and a blank key without sending anything', async () => {
    const { fetch, seen, openai } = setup();
    const insecure = await checkDeployment(
      'remote',
      { ...openai, baseURL: 'http://example.com/v1' },
      { fetch },
    );
    expect(insecure.ok).toBe(false);
    expect(insecure.text).toMatch(/^remote: key sk-…6789, http:\/\/example\.com\/v1: .*https/);
    const blank = await checkDeployment('blank', { ...openai, apiKey: new Secret(' ') }, { fetch });
    expect(blank).toEqual({ ok: false, text: 'blank: no key' });
    expect(seen).toEqual([]);
  });

  it('reports an unreachable deployment with the network code', async () => {
    const { openai } = setup();
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      });
    };
    expect(await checkDeployment('openai-main', openai, { fetch })).toEqual({
      ok: false,
      text: 'openai-main: key sk-…6789, http://127.0.0.1/openai-main/v1 unreachable (ECONNREFUSED)',
    });
  });
});
