import { openAIErrorResponse } from './openai-error.js';

const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/**
 * Reads a request body as OpenAI does first, for every endpoint: a JSON
 * object with a non-empty `model`, else a 400.
 * @internal
 */
export async function parseJsonObject(
  request: Request,
): Promise<{ value: Record<string, unknown> } | { error: Response }> {
  let value: unknown;
  try {
    value = JSON.parse(await request.text());
  } catch {
    return { error: openAIErrorResponse(400, { message: INVALID_JSON_MESSAGE }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: openAIErrorResponse(400, { message: INVALID_JSON_MESSAGE }) };
  }
  const record = value as Record<string, unknown>;
  if (typeof record['model'] !== 'string' || record['model'].length === 0) {
    return {
      error: openAIErrorResponse(400, {
        message: 'you must provide a model parameter',
        param: 'model',
        code: 'missing_required_parameter',
      }),
    };
  }
  return { value: record };
}
