import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatStreamSummary } from '../streaming/read-chat-stream.js';

/** A stream read up to its first content: the chunks before it, and the step that holds it. */
export interface StreamStart {
  /** Chunks without content (the role-only opening chunk), in order. */
  held: ChatCompletionChunk[];
  /** The first chunk with content, or the end when the stream had none. */
  step: IteratorResult<ChatCompletionChunk, ChatStreamSummary>;
}

/**
 * Whether a chunk carries something of the answer: text, a refusal, a tool
 * call, a finish reason, or the usage chunk. The opening chunk with only
 * `role` (and empty `content`), and Azure's content-filter frame, do not: until a chunk that
 * does has reached the caller, another deployment may still answer instead.
 *
 * @param chunk - a chunk of the stream.
 */
export function hasContent(chunk: ChatCompletionChunk): boolean {
  // Choices-less: the usage chunk is content; Azure's opening content-filter frame is not.
  if (chunk.choices.length === 0) return chunk.usage != null;
  return chunk.choices.some(({ delta, finish_reason: finish }) => {
    if (finish != null) return true;
    if (typeof delta.content === 'string' && delta.content !== '') return true;
    if (typeof delta.refusal === 'string' && delta.refusal !== '') return true;
    return (delta.tool_calls?.length ?? 0) > 0 || delta.function_call != null;
  });
}

/**
 * Reads a stream up to its first chunk with content ({@link hasContent}),
 * keeping the chunks before it for the caller; or, when nothing else could
 * answer instead (no other deployment), just its first chunk, which then
 * reaches the caller at once.
 *
 * @param chunks - the stream's chunks.
 * @param untilContent - whether to read on to the first content.
 * @returns the chunks held and the step with the first content (or the first chunk).
 */
export async function readToContent(
  chunks: AsyncGenerator<ChatCompletionChunk, ChatStreamSummary, undefined>,
  untilContent: boolean,
): Promise<StreamStart> {
  const held: ChatCompletionChunk[] = [];
  let step = await chunks.next();
  while (untilContent && step.done !== true && !hasContent(step.value)) {
    held.push(step.value);
    step = await chunks.next();
  }
  return { held, step };
}
