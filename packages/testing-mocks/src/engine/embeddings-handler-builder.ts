import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { ScriptTimes } from './chat-handler-builder.js';
import type { ScriptHandler } from './chat-script.js';
import type { EmbeddingsMatcher } from './embeddings-matcher.js';
import type { FailOptions } from './openai-error.js';

/** Scripted vectors: one per input, in order, or a function of the request that gives them. */
export type EmbeddingsReplySource =
  | readonly (readonly number[])[]
  | ((body: EmbeddingCreateParams, request: Request) => readonly (readonly number[])[]);

/**
 * One scripted embeddings answer.
 * @internal
 */
export type EmbeddingsBehavior =
  | { kind: 'reply'; source: EmbeddingsReplySource }
  | { kind: 'fail'; status: number; options: FailOptions };

/** @internal */
export type EmbeddingsHandler = ScriptHandler<EmbeddingsMatcher, EmbeddingsBehavior>;

/**
 * Scripts the answers of the embeddings requests an `onEmbeddings(matcher)`
 * handler matches, as `onChat` does for chat: every method appends a step
 * and returns the builder; limited steps take priority over persistent ones.
 */
export interface EmbeddingsHandlerBuilder {
  /**
   * Answers every matching request with these vectors (one per input; sent
   * as floats or base64 as the request's `encoding_format` asks, with the
   * usage counted). Persistent unless `times` is given.
   */
  reply(source: EmbeddingsReplySource, options?: ScriptTimes): EmbeddingsHandlerBuilder;
  /** Answers the next matching request with these vectors. */
  replyOnce(source: EmbeddingsReplySource): EmbeddingsHandlerBuilder;
  /** Answers with an OpenAI-shaped error and the retry headers of `options`. */
  fail(status: number, options?: FailOptions & ScriptTimes): EmbeddingsHandlerBuilder;
  /** Answers the next matching request with an error. */
  failOnce(status: number, options?: FailOptions): EmbeddingsHandlerBuilder;
}

/** @internal */
export function createEmbeddingsHandlerBuilder(
  handler: EmbeddingsHandler,
): EmbeddingsHandlerBuilder {
  const add = (behavior: EmbeddingsBehavior, times: number, description: string) => {
    if (!(times > 0)) throw new RangeError(`times must be a positive number, got ${times}`);
    handler.steps.push({ behavior, remaining: times, description });
    return builder;
  };
  const describe = (source: EmbeddingsReplySource): string =>
    typeof source === 'function' ? 'fn' : `${source.length} vectors`;
  const builder: EmbeddingsHandlerBuilder = {
    reply: (source, { times = Infinity } = {}) =>
      add({ kind: 'reply', source }, times, `reply(${describe(source)})`),
    replyOnce: (source) => add({ kind: 'reply', source }, 1, `replyOnce(${describe(source)})`),
    fail: (status, { times = Infinity, ...options } = {}) =>
      add({ kind: 'fail', status, options }, times, `fail(${status})`),
    failOnce: (status, options = {}) =>
      add({ kind: 'fail', status, options }, 1, `failOnce(${status})`),
  };
  return builder;
}
