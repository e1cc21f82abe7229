import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { openAIErrorResponse } from './openai-error.js';

const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/**
 * Reads and checks a chat request body the way OpenAI does before anything
 * else: a body that is not JSON, or lacks `model` or `messages`, gets a 400.
 * @internal
 */
export async function parseChatRequest(
  request: Request,
): Promise<{ body: ChatCompletionCreateParams } | { error: Response }> {
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
  const messages = record['messages'];
  if (
    !Array.isArray(messages) ||
    messages.some(
      (message) => typeof message !== 'object' || message === null || !('role' in message),
    )
  ) {
    return {
      error: openAIErrorResponse(400, {
        message: "Missing required parameter: 'messages'.",
        param: 'messages',
        code: 'missing_required_parameter',
      }),
    };
  }
  return { body: value as ChatCompletionCreateParams };
}
