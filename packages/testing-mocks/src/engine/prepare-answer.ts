import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import { chatCompletion } from '../builders/chat-completion.js';
import { withUsage } from '../tokens/with-usage.js';
import { createAbortError, waitForAbort } from './abort.js';
import type { ChatBehavior, ReplySource, StreamOptions } from './chat-behavior.js';
import { lastUserText } from './chat-matcher.js';
import { completionToChunks, chunksToCompletion } from './completion-chunks.js';
import { MockConnectionResetError } from './connection-reset.js';
import { openAIErrorResponse } from './openai-error.js';
import { sseResponse } from './sse-response.js';

const DEFAULT_CHUNK_SIZE = 4;

/** One chat request being answered. @internal */
export interface ChatExchange {
  body: ChatCompletionCreateParams;
  request: Request;
  signal: AbortSignal;
  /** `created` of the reply, in Unix seconds. */
  created: number;
}

/** An answer worked out but not sent yet. @internal */
export interface PreparedAnswer {
  /** Tokens the answer generates (0 for faults), for rate limiting. */
  completionTokens: number;
  respond(): Promise<Response>;
}

function buildReply(source: ReplySource, exchange: ChatExchange): ChatCompletion {
  const partial = typeof source === 'function' ? source(exchange.body, exchange.request) : source;
  const fields = typeof partial === 'string' ? { content: partial } : partial;
  return withUsage(
    chatCompletion({ model: exchange.body.model, created: exchange.created, ...fields }),
    exchange.body,
  );
}

function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

function streamFrames(
  chunks: ChatCompletionChunk[],
  usage: ChatCompletion['usage'],
  includeUsage: boolean,
): string[] {
  if (!includeUsage || !usage) return chunks.map((chunk) => JSON.stringify(chunk));
  const frames = chunks.map((chunk) => JSON.stringify({ ...chunk, usage: null }));
  const first = chunks[0];
  if (first) frames.push(JSON.stringify({ ...first, choices: [], usage }));
  return frames;
}

function respondWith(
  completion: ChatCompletion,
  chunks: ChatCompletionChunk[],
  options: StreamOptions,
  exchange: ChatExchange,
): () => Promise<Response> {
  return async () => {
    if (!exchange.body.stream) return jsonResponse(completion);
    const includeUsage =
      options.includeUsage ?? exchange.body.stream_options?.include_usage ?? false;
    return sseResponse({
      frames: streamFrames(chunks, completion.usage, includeUsage),
      done: true,
      delayMs: options.delayMs ?? 0,
      signal: exchange.signal,
      headers: new Headers(),
    });
  };
}

/**
 * Works out the answer of a behavior for one request.
 * @internal
 */
export function prepareAnswer(behavior: ChatBehavior, exchange: ChatExchange): PreparedAnswer {
  const { body } = exchange;
  switch (behavior.kind) {
    case 'reply': {
      const completion = buildReply(behavior.source, exchange);
      const chunkSize = behavior.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
      return {
        completionTokens: completion.usage?.completion_tokens ?? 0,
        respond: respondWith(
          completion,
          completionToChunks(completion, chunkSize),
          behavior.options,
          exchange,
        ),
      };
    }
    case 'stream': {
      const chunkSize = behavior.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
      const chunks =
        typeof behavior.source === 'string'
          ? completionToChunks(buildReply(behavior.source, exchange), chunkSize)
          : behavior.source;
      const completion = withUsage(chunksToCompletion(chunks), body);
      return {
        completionTokens: completion.usage?.completion_tokens ?? 0,
        respond: respondWith(completion, chunks, behavior.options, exchange),
      };
    }
    case 'truncate': {
      const completion = buildReply(behavior.options.reply ?? lastUserText(body), exchange);
      const chunks = completionToChunks(completion, DEFAULT_CHUNK_SIZE);
      const afterChunks = behavior.options.afterChunks ?? 1;
      return {
        completionTokens: completion.usage?.completion_tokens ?? 0,
        respond: async () => {
          if (!body.stream) {
            const text = JSON.stringify(completion);
            return new Response(text.slice(0, Math.floor(text.length / 2)), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            });
          }
          return sseResponse({
            frames: chunks.slice(0, afterChunks).map((chunk) =>
              JSON.stringify({
                ...chunk,
                choices: chunk.choices.map((choice) => ({ ...choice, finish_reason: null })),
              }),
            ),
            done: false,
            delayMs: 0,
            signal: exchange.signal,
            headers: new Headers(),
          });
        },
      };
    }
    case 'malformed': {
      const completion = buildReply(lastUserText(body), exchange);
      const [first] = completionToChunks(completion, DEFAULT_CHUNK_SIZE);
      const broken = `{"id":"${completion.id}","object":"chat.completion`;
      return {
        completionTokens: 0,
        respond: async () => {
          if (!body.stream) {
            return new Response(broken, {
              status: 200,
              headers: { 'content-type': 'application/json' },
            });
          }
          return sseResponse({
            frames: [JSON.stringify(first), broken],
            done: false,
            delayMs: 0,
            signal: exchange.signal,
            headers: new Headers(),
          });
        },
      };
    }
    case 'fail':
      return {
        completionTokens: 0,
        respond: async () => openAIErrorResponse(behavior.status, behavior.options),
      };
    case 'hang':
      return {
        completionTokens: 0,
        respond: async () => {
          await waitForAbort(exchange.signal);
          throw createAbortError();
        },
      };
    case 'reset':
      return {
        completionTokens: 0,
        respond: async () => {
          throw new MockConnectionResetError();
        },
      };
  }
}
