import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseFacts } from '../telemetry/call-trace.js';

/**
 * What a stream says of itself as it passes (id, model, each choice's
 * finish reason and text), gathered for the call's span only while
 * something records it.
 */
export class StreamFacts implements ResponseFacts {
  id: string | undefined;
  model: string | undefined;
  readonly finishReasons: string[] = [];
  readonly #text: string[] = [];

  /** Reads one chunk. */
  see(chunk: ChatCompletionChunk): void {
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    for (const choice of chunk.choices) {
      if (choice.finish_reason != null) this.finishReasons.push(choice.finish_reason);
      const content = choice.delta?.content;
      if (content != null) this.#text[choice.index] = (this.#text[choice.index] ?? '') + content;
    }
  }

  /** The answer's messages, one per choice, for content recording. */
  output = (): unknown =>
    this.#text.map((content) => ({ role: 'assistant', content: content ?? '' }));
}

/**
 * Takes the usage out of a chunk for a caller that did not ask for it
 * (`stream_options.include_usage`): the usage chunk (no choices) is dropped,
 * and the `usage: null` of the others removed, so the caller's stream is
 * what OpenAI sends without the option.
 *
 * @param chunk - a chunk of a stream Bulwark asked usage for.
 * @returns `true` when the whole chunk is to be dropped.
 */
export function withoutUsage(chunk: ChatCompletionChunk): boolean {
  if (chunk.usage === undefined) return false;
  if (chunk.usage !== null && chunk.choices.length === 0) return true;
  delete chunk.usage;
  return false;
}
