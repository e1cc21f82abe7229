import { createParser, type ParseError } from 'eventsource-parser';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { BulwarkError } from '../errors/bulwark-error.js';
import { classifyUpstreamFailure } from '../errors/map-upstream-error.js';
import { ServerError, StreamTruncatedError } from '../errors/errors.js';
import type { UpstreamHeaders } from '../transport/transport.js';

/** Bounds the memory one unterminated SSE frame may take. */
const MAX_FRAME_CHARACTERS = 8 * 1024 * 1024;
/** How much a body may still carry after `[DONE]` and be read to its end, so its connection is kept. */
const MAX_TRAILING_BYTES = 64 * 1024;

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
  /** The response headers, read by the classification of an `error` frame. */
  headers?: UpstreamHeaders | undefined;
  /** Maps a failure to read the body (abort, reset) to a Bulwark error. */
  mapReadError: (error: unknown) => BulwarkError;
}

/**
 * Reads an OpenAI chat completion SSE body and yields its chunks, checking
 * the stream's integrity: a body that ends without `data: [DONE]`, or
 * without any chunk carrying a `finish_reason`, raises
 * {@link StreamTruncatedError} (retryable while no chunk was delivered)
 * instead of ending quietly. A frame that is not JSON, or not a chunk, and a
 * frame longer than 8 MiB raise a {@link ServerError}; an `error` frame
 * raises the matching Bulwark error. Returns the summary used for accounting.
 *
 * The bytes are decoded by one streaming `TextDecoder` and cut into events
 * by `eventsource-parser`'s callback parser, with no stream pipeline between.
 * After `[DONE]` the body is read to its end (when little is left) so its
 * connection can be reused; stopping early gives the body up (`return()`).
 *
 * @param body - the response body, status 2xx, unread.
 * @param options - request id, headers and the error mapping for body failures.
 */
export async function* readChatStream(
  body: AsyncIterable<Uint8Array>,
  options: ReadChatStreamOptions,
): AsyncGenerator<ChatCompletionChunk, ChatStreamSummary, undefined> {
  const { requestId, headers } = options;
  const events: string[] = [];
  let parseError: ParseError | undefined;
  const parser = createParser({
    onEvent: (event) => events.push(event.data),
    onError: (error) => {
      parseError ??= error;
    },
    maxBufferSize: MAX_FRAME_CHARACTERS,
  });
  const decoder = new TextDecoder();
  const iterator = body[Symbol.asyncIterator]();
  let delivered = 0;
  let sawFinishReason = false;
  let usage: CompletionUsage | undefined;
  let generatedText = '';
  let finished = false;
  let ended = false;
  try {
    while (!finished) {
      const next = await iterator.next().catch((error: unknown) => {
        throw options.mapReadError(error);
      });
      if (next.done === true) {
        ended = true;
        // A final frame cut before its blank line is not an event: it is dropped.
        parser.feed(decoder.decode());
      } else {
        parser.feed(decoder.decode(next.value, { stream: true }));
      }
      if (parseError !== undefined) throw malformed(requestId, delivered, parseError);
      for (let index = 0; index < events.length && !finished; index += 1) {
        const data = events[index] as string;
        if (data.trim() === '[DONE]') {
          finished = true;
          break;
        }
        const chunk = parseChunk(data, headers, requestId, delivered);
        for (const choice of chunk.choices) {
          if (choice.finish_reason != null) sawFinishReason = true;
          generatedText += collectText(choice.delta);
        }
        if (chunk.usage != null) usage = chunk.usage;
        delivered += 1;
        yield chunk;
      }
      events.length = 0;
      if (ended) break;
    }
    if (finished && !ended) ended = await readToEnd(iterator);
  } finally {
    if (!ended) await iterator.return?.()?.catch(() => undefined);
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

/** Reads what follows `[DONE]` (normally nothing), up to {@link MAX_TRAILING_BYTES}. */
async function readToEnd(iterator: AsyncIterator<Uint8Array>): Promise<boolean> {
  let size = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return true;
      size += next.value.byteLength;
      if (size > MAX_TRAILING_BYTES) return false;
    }
  } catch {
    // The stream was complete at [DONE]; a failure after it changes nothing.
    return true;
  }
}

function parseChunk(
  data: string,
  headers: UpstreamHeaders | undefined,
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
