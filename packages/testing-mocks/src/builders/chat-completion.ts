import type {
  ChatCompletion,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import { createId } from './create-id.js';
import { DEFAULT_MODEL, SYSTEM_FINGERPRINT } from './defaults.js';

/** A choice of {@link ChatCompletionPartial}: every field optional. */
export interface ChatCompletionChoicePartial {
  /** @default the position of the choice in `choices` */
  index?: number;
  /** @default `'tool_calls'` when the message has tool calls, else `'stop'` */
  finish_reason?: ChatCompletion.Choice['finish_reason'];
  /** @default null */
  logprobs?: ChatCompletion.Choice['logprobs'];
  /** Merged into an assistant message with `content: ''` and `refusal: null`. */
  message?: Partial<ChatCompletionMessage>;
}

/**
 * The parts of a `ChatCompletion` a test cares about; {@link chatCompletion}
 * fills in the rest. `content` and `toolCalls` are shorthands for the first
 * choice's message.
 */
export interface ChatCompletionPartial extends Partial<Omit<ChatCompletion, 'choices' | 'object'>> {
  /** The choices; when absent, one choice built from `content` and `toolCalls`. */
  choices?: ChatCompletionChoicePartial[];
  /** Shorthand for `choices[0].message.content`. */
  content?: string | null;
  /** Shorthand for `choices[0].message.tool_calls` (see `toolCall`). */
  toolCalls?: ChatCompletionMessageToolCall[];
}

/**
 * Builds a complete, schema-valid `ChatCompletion` from the fields a test
 * cares about: `chatcmpl-…` id, `created` now, model `gpt-4-1106-preview`,
 * a `system_fingerprint`, one assistant choice. `usage` is kept only when
 * given (the mock computes it from the request when it answers).
 *
 * @param partial - fields to set, or the assistant's text.
 * @example
 * ```ts
 * const completion = chatCompletion({ content: 'Hello!', model: 'gpt-4' });
 * ```
 */
export function chatCompletion(partial: ChatCompletionPartial | string = {}): ChatCompletion {
  const input: ChatCompletionPartial = typeof partial === 'string' ? { content: partial } : partial;
  const { choices, content, toolCalls, ...rest } = input;
  const choiceInputs: ChatCompletionChoicePartial[] = choices ?? [
    {
      message: {
        content: content === undefined ? (toolCalls ? null : '') : content,
        ...(toolCalls ? { tool_calls: toolCalls } : {}),
      },
    },
  ];
  return {
    id: createId('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: DEFAULT_MODEL,
    system_fingerprint: SYSTEM_FINGERPRINT,
    ...rest,
    object: 'chat.completion',
    choices: choiceInputs.map((choice, position) => buildChoice(choice, position)),
  };
}

function buildChoice(choice: ChatCompletionChoicePartial, position: number): ChatCompletion.Choice {
  const message: ChatCompletionMessage = {
    content: '',
    refusal: null,
    ...choice.message,
    role: 'assistant',
  };
  const hasToolCalls = (message.tool_calls?.length ?? 0) > 0;
  return {
    index: choice.index ?? position,
    message,
    logprobs: choice.logprobs ?? null,
    finish_reason: choice.finish_reason ?? (hasToolCalls ? 'tool_calls' : 'stop'),
  };
}
