import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { openAIErrorResponse } from './openai-error.js';
import { parseJsonObject } from './parse-json-object.js';

/**
 * Reads and checks a chat request body the way OpenAI does before anything
 * else: a body that is not JSON, or lacks `model` or `messages`, gets a 400.
 * @internal
 */
export async function parseChatRequest(
  request: Request,
): Promise<{ body: ChatCompletionCreateParams } | { error: Response }> {
  const parsed = await parseJsonObject(request);
  if ('error' in parsed) return parsed;
  const record = parsed.value;
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
  return { body: record as unknown as ChatCompletionCreateParams };
}
