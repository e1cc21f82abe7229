import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatBehavior, ReplySource, StreamOptions, TruncateOptions } from './chat-behavior.js';
import type { ScriptHandler } from './chat-script.js';
import type { FailOptions } from './openai-error.js';

/** How many requests a scripted step answers. */
export interface ScriptTimes {
  /**
   * Number of requests the step answers before the next step takes over.
   * Limited steps take priority over persistent ones (see `onChat`).
   * @default Infinity (persistent), 1 for the `…Once` methods
   */
  times?: number;
}

/**
 * Scripts the answers of the requests an `onChat(matcher)` handler matches.
 * Every method appends a step and returns the builder, so steps chain:
 * `.replyOnce('a').replyOnce('b')` answers `a`, then `b`. A step after a
 * persistent one is never reached (and `assertAllConsumed` says so).
 *
 * Any step serves both modes: a `reply` answers a `stream: true` request as a
 * stream, and a `stream` answers a non-stream request with the completion
 * assembled from its chunks.
 */
export interface ChatHandlerBuilder {
  /** Answers every matching request with this completion (persistent). */
  reply(source: ReplySource, options?: StreamOptions & ScriptTimes): ChatHandlerBuilder;
  /** Answers the next matching request with this completion. */
  replyOnce(source: ReplySource, options?: StreamOptions): ChatHandlerBuilder;
  /**
   * Answers with a stream: the text cut into chunks of `chunkSize`
   * characters, or the given chunks as they are (persistent by default).
   */
  stream(
    textOrChunks: string | ChatCompletionChunk[],
    options?: StreamOptions & ScriptTimes,
  ): ChatHandlerBuilder;
  /** Answers the next matching request with a stream. */
  streamOnce(
    textOrChunks: string | ChatCompletionChunk[],
    options?: StreamOptions,
  ): ChatHandlerBuilder;
  /**
   * Answers with an OpenAI-shaped error `{"error":{message,type,param,code}}`
   * and the retry headers of `options` (persistent by default).
   */
  fail(status: number, options?: FailOptions & ScriptTimes): ChatHandlerBuilder;
  /** Answers the next matching request with an error. */
  failOnce(status: number, options?: FailOptions): ChatHandlerBuilder;
  /**
   * Never answers: the request stays pending until its signal aborts (the
   * fetch mock then rejects with an `AbortError`; the server waits for the
   * socket to close). Holds no timer.
   */
  hang(options?: ScriptTimes): ChatHandlerBuilder;
  /**
   * A stream that ends cleanly after `afterChunks` frames, with no
   * `finish_reason` and no `[DONE]`. A non-stream request gets a JSON body
   * cut in the middle.
   */
  truncate(options?: TruncateOptions & ScriptTimes): ChatHandlerBuilder;
  /**
   * An invalid JSON frame in the stream (after the first, valid, chunk), or
   * an invalid JSON body for a non-stream request, with status 200.
   */
  malformed(options?: ScriptTimes): ChatHandlerBuilder;
  /**
   * Resets the connection: the server destroys the socket; the fetch mock
   * rejects with `TypeError('fetch failed')` whose cause has code `ECONNRESET`.
   */
  reset(options?: ScriptTimes): ChatHandlerBuilder;
}

function describeSource(source: ReplySource | string | ChatCompletionChunk[]): string {
  if (typeof source === 'string') return JSON.stringify(source.slice(0, 40));
  if (typeof source === 'function') return 'fn';
  if (Array.isArray(source)) return `${source.length} chunks`;
  return '{…}';
}

/** @internal */
export function createChatHandlerBuilder(handler: ScriptHandler): ChatHandlerBuilder {
  const add = (behavior: ChatBehavior, times: number, description: string): ChatHandlerBuilder => {
    if (!(times > 0)) throw new RangeError(`times must be a positive number, got ${times}`);
    handler.steps.push({ behavior, remaining: times, description });
    return builder;
  };
  const builder: ChatHandlerBuilder = {
    reply: (source, { times = Infinity, ...options } = {}) =>
      add({ kind: 'reply', source, options }, times, `reply(${describeSource(source)})`),
    replyOnce: (source, options = {}) =>
      add({ kind: 'reply', source, options }, 1, `replyOnce(${describeSource(source)})`),
    stream: (source, { times = Infinity, ...options } = {}) =>
      add({ kind: 'stream', source, options }, times, `stream(${describeSource(source)})`),
    streamOnce: (source, options = {}) =>
      add({ kind: 'stream', source, options }, 1, `streamOnce(${describeSource(source)})`),
    fail: (status, { times = Infinity, ...options } = {}) =>
      add({ kind: 'fail', status, options }, times, `fail(${status})`),
    failOnce: (status, options = {}) =>
      add({ kind: 'fail', status, options }, 1, `failOnce(${status})`),
    hang: ({ times = Infinity } = {}) => add({ kind: 'hang' }, times, 'hang()'),
    truncate: ({ times = Infinity, ...options } = {}) =>
      add({ kind: 'truncate', options }, times, 'truncate()'),
    malformed: ({ times = Infinity } = {}) => add({ kind: 'malformed' }, times, 'malformed()'),
    reset: ({ times = Infinity } = {}) => add({ kind: 'reset' }, times, 'reset()'),
  };
  return builder;
}
