import { openAIErrorResponse } from './openai-error.js';

/**
 * The models the mock serves by default: those of `@bulwark/core`'s model
 * table, `gpt-3.5-turbo` and the embedding models.
 */
export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4',
  'gpt-4-0613',
  'gpt-4-32k',
  'gpt-4-1106-preview',
  'gpt-4-0125-preview',
  'gpt-4-turbo-preview',
  'gpt-4-turbo',
  'gpt-4o',
  'gpt-4o-2024-05-13',
  'gpt-4o-mini',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'o1',
  'o1-mini',
  'o3',
  'o3-mini',
  'o4-mini',
  'gpt-3.5-turbo',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
];

/**
 * Whether the mock serves a model: one of `models`, a dated snapshot of one
 * (`gpt-4o-2024-08-06` of `gpt-4o`), or a fine-tune of one
 * (`ft:gpt-4o-mini:org::id` of `gpt-4o-mini`).
 * @internal
 */
export function servesModel(models: readonly string[], id: string): boolean {
  const base = id.startsWith('ft:') ? (id.split(':')[1] ?? '') : id;
  return models.some(
    (model) =>
      model === base || (base.startsWith(`${model}-`) && /\d/.test(base.charAt(model.length + 1))),
  );
}

/**
 * OpenAI's 404 for a model it does not serve (`code: 'model_not_found'`).
 * @internal
 */
export function modelNotFound(id: string): Response {
  return openAIErrorResponse(404, {
    message: `The model \`${id}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    code: 'model_not_found',
  });
}

function modelObject(id: string, created: number) {
  return { id, object: 'model', created, owned_by: id.startsWith('ft:') ? 'user' : 'openai' };
}

function json(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * OpenAI's list shape for `GET /v1/models`.
 * @internal
 */
export function listModels(models: readonly string[], created: number): Response {
  return json({ object: 'list', data: models.map((id) => modelObject(id, created)) });
}

/**
 * `GET /v1/models/{id}`: the `Model` object, or the 404 `model_not_found`.
 * @internal
 */
export function retrieveModel(models: readonly string[], id: string, created: number): Response {
  return servesModel(models, id) ? json(modelObject(id, created)) : modelNotFound(id);
}
