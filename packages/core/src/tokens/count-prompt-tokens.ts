import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { TokenCounter } from './load-token-counter.js';

/** Tokens OpenAI's chat format adds around every message. */
const TOKENS_PER_MESSAGE = 3;
/** Tokens a `name` field adds. */
const TOKENS_PER_NAME = 1;
/** Tokens that prime the assistant's reply. */
const REPLY_PRIMER_TOKENS = 3;
/** Estimate for one image part (the low-detail price). */
const TOKENS_PER_IMAGE = 85;
/** Estimated framing of one tool definition or tool call. */
const TOKENS_PER_TOOL = 10;

/** What the prompt count reads from a request. */
export interface PromptParts {
  /** The conversation. */
  messages: readonly ChatCompletionMessageParam[];
  /** Tool definitions, which are sent to the model as part of the prompt. */
  tools?: readonly ChatCompletionTool[] | null | undefined;
}

/**
 * Counts the prompt tokens of a chat request following OpenAI's
 * message-format rule (3 tokens per message, 1 per `name`, 3 to prime the
 * reply, plus the tokens of roles and texts). Some parts are estimates and
 * documented as such: a tool definition counts as the tokens of its JSON plus
 * 10, a tool call as its name and arguments plus 10, an image as 85 tokens
 * (its low-detail price), and audio and file parts count nothing. Preflight
 * uses the count to refuse prompts that cannot fit; it is never sent.
 *
 * @param parts - messages and tools of the request.
 * @param count - the token counter of the model's encoding.
 * @returns the estimated prompt tokens.
 */
export function countPromptTokens(parts: PromptParts, count: TokenCounter): number {
  let total = REPLY_PRIMER_TOKENS;
  for (const message of parts.messages) {
    total += TOKENS_PER_MESSAGE + count(message.role) + countContent(message.content, count);
    if ('name' in message && typeof message.name === 'string') {
      total += TOKENS_PER_NAME + count(message.name);
    }
    if (message.role === 'tool') total += count(message.tool_call_id);
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        total +=
          TOKENS_PER_TOOL +
          count(JSON.stringify(call.type === 'function' ? call.function : call.custom));
      }
    }
  }
  for (const tool of parts.tools ?? []) total += TOKENS_PER_TOOL + count(JSON.stringify(tool));
  return total;
}

function countContent(content: unknown, count: TokenCounter): number {
  if (typeof content === 'string') return count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content as { type?: unknown; text?: unknown; refusal?: unknown }[]) {
    if (part.type === 'text' && typeof part.text === 'string') total += count(part.text);
    else if (part.type === 'refusal' && typeof part.refusal === 'string')
      total += count(part.refusal);
    else if (part.type === 'image_url') total += TOKENS_PER_IMAGE;
  }
  return total;
}
