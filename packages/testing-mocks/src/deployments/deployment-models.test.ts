import { describe, expect, it } from 'vitest';
import { createMockOpenAI } from '../engine/create-mock-openai.js';

const API_VERSION = '2024-10-21';

function createMock() {
  return createMockOpenAI({
    deployments: {
      'openai-main': { provider: 'openai', apiKey: 'sk-main' },
      'azure-east': { provider: 'azure', apiKey: 'azure-key', apiVersions: [API_VERSION] },
    },
  });
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('model lists of mock deployments', () => {
  it("lists an Azure resource's models at /openai/models with the api-key and a served api-version", async () => {
    const mock = createMock();
    const url = `${mock.deployment('azure-east').url()}/openai/models?api-version=${API_VERSION}`;
    const listed = await mock.fetch(url, { headers: { 'api-key': 'azure-key' } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('apim-request-id')).toMatch(/^req_/);
    expect(await listed.json()).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([expect.objectContaining({ id: 'gpt-4o' })]),
    });
    expect(mock.calls).toEqual([]);
  });

  it("refuses Azure's model list as Azure does: a wrong key, no or an unserved api-version, a POST", async () => {
    const mock = createMock();
    const base = `${mock.deployment('azure-east').url()}/openai/models`;
    const headers = { 'api-key': 'azure-key' };
    expect(
      await answer(
        await mock.fetch(`${base}?api-version=${API_VERSION}`, { headers: { 'api-key': 'no' } }),
      ),
    ).toMatchObject({ status: 401, body: { error: { code: '401' } } });
    expect(await answer(await mock.fetch(base, { headers }))).toEqual({
      status: 404,
      body: { error: { code: '404', message: 'Resource not found' } },
    });
    expect(
      await answer(await mock.fetch(`${base}?api-version=2023-05-15`, { headers })),
    ).toMatchObject({ status: 400, body: { error: { code: 'BadRequest' } } });
    const posted = await mock.fetch(`${base}?api-version=${API_VERSION}`, {
      method: 'POST',
      headers,
    });
    expect(posted.status).toBe(404);
  });

  it("lists an OpenAI deployment's models at /v1/models with its Bearer key only", async () => {
    const mock = createMock();
    const url = `${mock.deployment('openai-main').url()}/models`;
    const listed = await mock.fetch(url, { headers: { authorization: 'Bearer sk-main' } });
    expect(await answer(listed)).toMatchObject({ status: 200, body: { object: 'list' } });
    const refused = await mock.fetch(url, { headers: { authorization: 'Bearer sk-other' } });
    expect(await answer(refused)).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_api_key' } },
    });
  });
});
