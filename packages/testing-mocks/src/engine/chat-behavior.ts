import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import type { ChatCompletionPartial } from '../builders/chat-completion.js';
import type { FailOptions } from './openai-error.js';

/** What a reply is made from: text, a partial completion, or a function of the request. */
export type ReplySource =
  | string
  | ChatCompletionPartial
  | ((body: ChatCompletionCreateParams, request: Request) => string | ChatCompletionPartial);

/** How a scripted stream is cut and paced. */
export interface StreamOptions {
  /**
   * Characters of content (and of tool-call arguments) per chunk.
   * @default 4
   */
  chunkSize?: number;
  /**
   * Pause before every chunk after the first, in milliseconds (fake timers work).
   * @default 0
   */
  delayMs?: number;
  /**
   * Send the closing usage chunk (`choices: []`). By default it is sent when
   * the request asks for it with `stream_options.include_usage`, as OpenAI does.
   */
  includeUsage?: boolean;
}

/** Where a truncated stream stops. */
export interface TruncateOptions {
  /**
   * Number of `data:` frames sent before the stream ends, without a
   * `finish_reason` and without `[DONE]`.
   * @default 1
   */
  afterChunks?: number;
  /** The reply whose stream is cut. @default the echo of the last user message */
  reply?: ReplySource;
}

/**
 * One scripted answer.
 * @internal
 */
export type ChatBehavior =
  | { kind: 'reply'; source: ReplySource; options: StreamOptions }
  | { kind: 'stream'; source: string | ChatCompletionChunk[]; options: StreamOptions }
  | { kind: 'fail'; status: number; options: FailOptions }
  | { kind: 'hang' }
  | { kind: 'truncate'; options: TruncateOptions }
  | { kind: 'malformed' }
  | { kind: 'reset' };
