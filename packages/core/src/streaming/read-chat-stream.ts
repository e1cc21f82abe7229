import { EventSourceParserStream, ParseError } from 'eventsource-parser/stream';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { BulwarkError } from '../errors/bulwark-error.js';
import { classifyUpstreamFailure } from '../errors/map-upstream-error.js';
import { ServerError, StreamTruncatedError } from '../errors/errors.js';

/** Bounds the memory one unterminated SSE frame may take. */
const MAX_FRAME_CHARACTERS = 8 * 1024 * 1024;

/** What a stream amounted to, once it ended cleanly. */
export interface ChatStreamSummary {
  /** The `usage` chunk, when the upstream sent one (`stream_options.include_usage`). */
  usage: CompletionUsage | undefined;
  /** Every piece of generated text (content, refusals, tool names and arguments), for counting. */
  generatedText: string;
}

/** Options of {@link readChatStream}. */
export interface ReadChatStreamOptions {
  /** The upstream `x-request-id`, put on errors. */
  requestId: string | undefined;
  /** Maps a failure to read the body (abort, reset) to a Bulwark error. */
  mapReadError: (error: unknown) => BulwarkError;
}

/**
 * Reads an OpenAI chat completion SSE body and yields its chunks, checking
 * the stream's integrity, which the SDK's own `Stream` does not: a body that
 * ends without `data: [DONE]`, or without any chunk carrying a
 * `finish_reason`, raises {@link StreamTruncatedError} (retryable while no
 * chunk was delivered) instead of ending quietly. A frame that is not JSON, or
 * not a chunk, raises a {@link ServerError}; an `error` frame raises the
 * matching Bulwark error. Returns the summary used for accounting.
 *
 * @param response - the upstream response, status 2xx, body unread.
 * @param options - request id and the error mapping for body failures.
 */
export async function* readChatStream(
  response: Response,
  options: ReadChatStreamOptions,
): AsyncGenerator<ChatCompletionChunk, ChatStreamSummary, undefined> {
  const { requestId } = options;
  if (response.body === null) {
    throw new StreamTruncatedError({ message: 'The stream had no body', requestId });
  }
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(
      new EventSourceParserStream({ onError: 'terminate', maxBufferSize: MAX_FRAME_CHARACTERS }),
    )
    .getReader();
  let delivered = 0;
  let sawFinishReason = false;
  let usage: CompletionUsage | undefined;
  let generatedText = '';
  let finished = false;
  try {
    for (;;) {
      const next = await reader.read().catch((error: unknown) => {
        throw error instanceof ParseError
          ? malformed(requestId, delivered, error)
          : options.mapReadError(error);
      });
      if (next.done) break;
      if (next.value.data.trim() === '[DONE]') {
        finished = true;
        break;
      }
      const chunk = parseChunk(next.value.data, response.headers, requestId, delivered);
      for (const choice of chunk.choices) {
        if (choice.finish_reason != null) sawFinishReason = true;
        generatedText += collectText(choice.delta);
      }
      if (chunk.usage != null) usage = chunk.usage;
      delivered += 1;
      yield chunk;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  if (!finished || !sawFinishReason) {
    throw new StreamTruncatedError({
      message: finished
        ? 'The stream ended without a finish_reason'
        : `The stream ended without [DONE] after ${delivered} chunks`,
      requestId,
      retryable: delivered === 0,
    });
  }
  return { usage, generatedText };
}

function parseChunk(
  data: string,
  headers: Headers,
  requestId: string | undefined,
  delivered: number,
): ChatCompletionChunk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw malformed(requestId, delivered, error);
  }
  if (typeof parsed !== 'object' || parsed === null) throw malformed(requestId, delivered);
  const record = parsed as Record<string, unknown>;
  const failure = record['error'];
  if (typeof failure === 'object' && failure !== null) {
    const body = failure as Record<string, unknown>;
    throw classifyUpstreamFailure({
      message:
        typeof body['message'] === 'string' ? body['message'] : 'The upstream failed mid-stream',
      code: typeof body['code'] === 'string' ? body['code'] : undefined,
      type: typeof body['type'] === 'string' ? body['type'] : undefined,
      headers,
    });
  }
  if (!Array.isArray(record['choices'])) throw malformed(requestId, delivered);
  return parsed as ChatCompletionChunk;
}

function collectText(delta: ChatCompletionChunk.Choice['delta'] | undefined): string {
  if (delta === undefined) return '';
  let text = (delta.content ?? '') + (delta.refusal ?? '');
  for (const call of delta.tool_calls ?? []) {
    text += (call.function?.name ?? '') + (call.function?.arguments ?? '');
  }
  return text;
}

function malformed(requestId: string | undefined, delivered: number, cause?: unknown): ServerError {
  return new ServerError({
    message: 'The upstream sent a malformed stream frame',
    requestId,
    retryable: delivered === 0,
    cause: cause instanceof Error ? cause.message : undefined,
  });
}
