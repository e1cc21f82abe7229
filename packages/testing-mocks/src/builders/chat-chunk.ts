import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { createId } from './create-id.js';
import { DEFAULT_MODEL, SYSTEM_FINGERPRINT } from './defaults.js';

/** A choice of {@link ChatChunkPartial}: every field optional. */
export interface ChatChunkChoicePartial {
  /** @default the position of the choice in `choices` */
  index?: number;
  /** @default `{}` */
  delta?: ChatCompletionChunk.Choice.Delta;
  /** @default null */
  finish_reason?: ChatCompletionChunk.Choice['finish_reason'];
  /** @default null */
  logprobs?: ChatCompletionChunk.Choice['logprobs'];
}

/**
 * The parts of a `ChatCompletionChunk` a test cares about; {@link chatChunk}
 * fills in the rest. `content` is a shorthand for `choices[0].delta.content`.
 */
export interface ChatChunkPartial extends Partial<Omit<ChatCompletionChunk, 'choices' | 'object'>> {
  /** The choices; when absent, one choice whose delta carries `content`. */
  choices?: ChatChunkChoicePartial[];
  /** Shorthand for `choices[0].delta.content`. */
  content?: string;
}

/**
 * Builds a complete, schema-valid `ChatCompletionChunk` (one SSE frame of a
 * streamed completion) from the fields a test cares about.
 *
 * @param partial - fields to set, or the text of the content delta.
 * @example
 * ```ts
 * mock.onChat().stream([
 *   chatChunk({ choices: [{ delta: { role: 'assistant', content: 'Hi' } }] }),
 *   chatChunk({ choices: [{ delta: {}, finish_reason: 'stop' }] }),
 * ]);
 * ```
 */
export function chatChunk(partial: ChatChunkPartial | string = {}): ChatCompletionChunk {
  const input: ChatChunkPartial = typeof partial === 'string' ? { content: partial } : partial;
  const { choices, content, ...rest } = input;
  const choiceInputs: ChatChunkChoicePartial[] = choices ?? [
    { delta: content === undefined ? {} : { content } },
  ];
  return {
    id: createId('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: DEFAULT_MODEL,
    system_fingerprint: SYSTEM_FINGERPRINT,
    ...rest,
    object: 'chat.completion.chunk',
    choices: choiceInputs.map((choice, position) => ({
      index: choice.index ?? position,
      delta: choice.delta ?? {},
      logprobs: choice.logprobs ?? null,
      finish_reason: choice.finish_reason ?? null,
    })),
  };
}
