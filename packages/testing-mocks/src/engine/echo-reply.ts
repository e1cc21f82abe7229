import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { ChatCompletionPartial } from '../builders/chat-completion.js';
import { truncateToTokens } from '../tokens/count-tokens.js';
import { lastUserText } from './chat-matcher.js';

/**
 * The default reply: the text of the last user message, cut to
 * `max_completion_tokens` (or `max_tokens`) with `finish_reason: 'length'`
 * when it is longer, as the real model would be.
 * @internal
 */
export function echoReply(body: ChatCompletionCreateParams): ChatCompletionPartial {
  const text = lastUserText(body);
  const limit = body.max_completion_tokens ?? body.max_tokens;
  const cut =
    limit === undefined || limit === null ? undefined : truncateToTokens(text, body.model, limit);
  if (cut === undefined) return { content: text };
  return { choices: [{ message: { content: cut }, finish_reason: 'length' }] };
}
