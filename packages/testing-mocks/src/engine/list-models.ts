/** The models `GET /v1/models` lists by default. */
export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4-1106-preview',
  'gpt-4',
  'gpt-4-turbo',
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-3.5-turbo',
];

/**
 * OpenAI's list shape for `GET /v1/models`.
 * @internal
 */
export function listModels(models: readonly string[], created: number): Response {
  const data = models.map((id) => ({ id, object: 'model', created, owned_by: 'openai' }));
  return new Response(JSON.stringify({ object: 'list', data }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}
