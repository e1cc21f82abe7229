import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type {
  ChatCompletionChoicePartial,
  ChatCompletionPartial,
} from '../builders/chat-completion.js';
import { truncateToTokens } from '../tokens/count-tokens.js';
import { lastUserText } from './chat-matcher.js';
import { schemaValue, type JsonSchema } from './schema-value.js';
import { callTool, chooseTool } from './tool-reply.js';

/**
 * The content the default reply answers with: for `response_format:
 * json_object` the object `{ "echo": <last user message> }`, for
 * `json_schema` a value of the schema (strings of the top level filled with
 * the message), else the message itself.
 */
function replyContent(
  body: ChatCompletionCreateParams,
  text: string,
): { content: string; json: boolean } {
  const format = body.response_format;
  if (format?.type === 'json_object')
    return { content: JSON.stringify({ echo: text }), json: true };
  if (format?.type === 'json_schema') {
    const schema = (format.json_schema.schema ?? {}) as JsonSchema;
    return { content: JSON.stringify(schemaValue(schema, schema, text)), json: true };
  }
  return { content: text, json: false };
}

function choice(body: ChatCompletionCreateParams, text: string): ChatCompletionChoicePartial {
  const tool = chooseTool(body, text);
  if (tool !== undefined) {
    return {
      message: { content: null, tool_calls: [callTool(tool)] },
      finish_reason: 'tool_calls',
    };
  }
  const { content, json } = replyContent(body, text);
  const limit = body.max_completion_tokens ?? body.max_tokens;
  // JSON is answered whole: a cut JSON reply is of no use to a test of JSON mode.
  const cut =
    json || limit === undefined || limit === null
      ? undefined
      : truncateToTokens(content, body.model, limit);
  if (cut === undefined) return { message: { content } };
  return { message: { content: cut }, finish_reason: 'length' };
}

/**
 * The default reply: the text of the last user message, cut to
 * `max_completion_tokens` (or `max_tokens`) with `finish_reason: 'length'`
 * when it is longer, as the real model would be; valid JSON for
 * `response_format` `json_object` and `json_schema`; a tool call whose
 * arguments satisfy the tool's `parameters` when `tool_choice` asks for one
 * (see `chooseTool`); `n` choices.
 * @internal
 */
export function echoReply(body: ChatCompletionCreateParams): ChatCompletionPartial {
  const text = lastUserText(body);
  const count = typeof body.n === 'number' && body.n > 1 ? Math.floor(body.n) : 1;
  return { choices: Array.from({ length: count }, () => choice(body, text)) };
}
