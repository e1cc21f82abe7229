import { decode as decodeCl100k, encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { decode as decodeO200k, encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

// OpenAI's published accounting for chat models: every message costs 3 tokens
// of framing, a name 1 more, and the reply is primed with 3 tokens.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;

/**
 * Counts the tokens of a text with the encoding of the model's family:
 * `o200k_base` for gpt-4o, gpt-4.1, gpt-5 and the o-series, `cl100k_base`
 * for everything else (gpt-4, gpt-4-turbo, gpt-3.5).
 */
export function countTextTokens(text: string, model: string): number {
  if (text.length === 0) return 0;
  return encodingFor(model).encode(text, { disallowedSpecial: new Set() }).length;
}

function encodingFor(model: string): { encode: typeof encodeCl100k; decode: typeof decodeCl100k } {
  return /^(gpt-4o|gpt-4\.1|gpt-5|o\d|chatgpt-4o)/.test(model)
    ? { encode: encodeO200k, decode: decodeO200k }
    : { encode: encodeCl100k, decode: decodeCl100k };
}

/** The first `limit` tokens of a text, or undefined when it has no more than that. */
export function truncateToTokens(text: string, model: string, limit: number): string | undefined {
  const { encode, decode } = encodingFor(model);
  const tokens = encode(text, { disallowedSpecial: new Set() });
  return tokens.length <= limit ? undefined : decode(tokens.slice(0, Math.max(0, limit)));
}

/** The text of a message's content, whether a string or an array of parts. */
export function messageText(message: ChatCompletionMessageParam): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** Prompt tokens of a chat request, as OpenAI bills them. */
export function countPromptTokens(body: ChatCompletionCreateParams): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of body.messages) {
    total += TOKENS_PER_MESSAGE;
    total += countTextTokens(message.role, body.model);
    total += countTextTokens(messageText(message), body.model);
    if ('name' in message && typeof message.name === 'string') {
      total += TOKENS_PER_NAME + countTextTokens(message.name, body.model);
    }
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) {
        total += countTextTokens(JSON.stringify(call), body.model);
      }
    }
  }
  if (body.tools && body.tools.length > 0) {
    total += countTextTokens(JSON.stringify(body.tools), body.model);
  }
  return total;
}

/** Completion tokens of every choice of a completion (content and tool calls). */
export function countCompletionTokens(completion: ChatCompletion): number {
  let total = 0;
  for (const choice of completion.choices) {
    total += countTextTokens(choice.message.content ?? '', completion.model);
    for (const call of choice.message.tool_calls ?? []) {
      if (call.type === 'function') {
        total += countTextTokens(call.function.name + call.function.arguments, completion.model);
      }
    }
  }
  return total;
}
