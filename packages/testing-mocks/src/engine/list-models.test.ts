import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../test/support/openai-schema-validator.js';
import { createMockOpenAI } from './create-mock-openai.js';
import { servesModel } from './list-models.js';

const BASE = 'https://api.openai.com/v1';

function chat(mock: ReturnType<typeof createMockOpenAI>, model: string): Promise<Response> {
  return mock.fetch(`${BASE}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

describe('the models the mock serves', () => {
  it('answers a chat request for an unknown model with OpenAI 404 model_not_found', async () => {
    const response = await chat(createMockOpenAI(), 'nope');
    expect(response.status).toBe(404);
    const body: unknown = await response.json();
    expect(schemaErrors('ErrorResponse', body)).toEqual([]);
    expect(body).toEqual({
      error: {
        message: 'The model `nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
  });

  it('serves the listed models, their dated snapshots and fine-tunes', () => {
    const models = ['gpt-4o', 'gpt-4o-mini', 'gpt-4'];
    for (const id of ['gpt-4o', 'gpt-4o-2024-08-06', 'ft:gpt-4o-mini:acme::abc123', 'gpt-4-0314']) {
      expect(servesModel(models, id)).toBe(true);
    }
    for (const id of ['gpt-4.1', 'gpt-4o-audio', 'ft:davinci:acme::x', 'my-model', '']) {
      expect(servesModel(models, id)).toBe(false);
    }
  });

  it('takes the served models from the `models` option; scripted replies answer any model', async () => {
    const mock = createMockOpenAI({ models: ['my-model'] });
    expect((await chat(mock, 'my-model')).status).toBe(200);
    expect((await chat(mock, 'gpt-4o')).status).toBe(404);
    mock.onChat({ model: 'other' }).replyOnce('scripted');
    expect((await chat(mock, 'other')).status).toBe(200);
  });

  it('retrieves a served model and lists them all, in the shapes of the spec', async () => {
    const mock = createMockOpenAI({ now: () => 1_700_000_000_000 });
    const model: unknown = await (await mock.fetch(`${BASE}/models/gpt-4o`)).json();
    expect(schemaErrors('Model', model)).toEqual([]);
    expect(model).toEqual({
      id: 'gpt-4o',
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'openai',
    });
    const fineTune = await mock.fetch(`${BASE}/models/${encodeURIComponent('ft:gpt-4o:acme::x1')}`);
    expect(await fineTune.json()).toMatchObject({ id: 'ft:gpt-4o:acme::x1', owned_by: 'user' });
    const list: unknown = await (await mock.fetch(`${BASE}/models`)).json();
    expect(schemaErrors('ListModelsResponse', list)).toEqual([]);
    expect(list).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ id: 'o3-mini' })]),
    });
    const missing = await mock.fetch(`${BASE}/models/nope`);
    expect(missing.status).toBe(404);
    const error: unknown = await missing.json();
    expect(schemaErrors('ErrorResponse', error)).toEqual([]);
    expect(error).toMatchObject({ error: { code: 'model_not_found' } });
  });

  it("answers an Azure deployment's requests whatever their model: the deployment decides it", async () => {
    const mock = createMockOpenAI({ deployments: { east: { provider: 'azure' } } });
    const response = await mock.fetch(
      `${mock.deployment('east').url()}/openai/deployments/east/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'api-key': 'k' },
        body: JSON.stringify({
          model: 'my-azure-name',
          messages: [{ role: 'user', content: 'hi' }],
        }),
      },
    );
    expect(response.status).toBe(200);
  });
});
