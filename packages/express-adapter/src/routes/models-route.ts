import type { RequestHandler } from 'express';

/**
 * `GET /v1/models`: the models the gateway serves, in OpenAI's list shape
 * (`{ object: 'list', data: [{ id, object: 'model', created, owned_by }] }`).
 *
 * @param models - the model ids, e.g. `Object.keys(DEFAULT_MODELS)`.
 */
export function modelsRoute(models: readonly string[]): RequestHandler {
  const created = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: 'openai' })),
  });
  return (_request, response) => {
    response.type('application/json').send(body);
  };
}
