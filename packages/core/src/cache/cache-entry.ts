import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import type { CacheClock } from './cache-clock.js';

/** Fields every cached answer carries. */
export interface CacheEntryBase {
  /** Format of the entry, bumped (with the key version) when it changes. */
  version: 1;
  /** When the answer was stored, in clock milliseconds (`CacheClock`). */
  storedAt: number;
  /** When the entry expires, in clock milliseconds (`CacheClock`); a store never returns it after that. */
  expiresAt: number;
  /** The upstream `x-request-id` of the call that produced the answer. */
  requestId?: string | undefined;
}

/**
 * The fields every cached answer carries, for an answer stored now.
 *
 * @param clock - the cache's time source.
 * @param ttlMs - the entry lifetime in milliseconds.
 * @param requestId - the upstream `x-request-id`; left out when `undefined`.
 */
export function createEntryBase(
  clock: CacheClock,
  ttlMs: number,
  requestId: string | undefined,
): CacheEntryBase {
  const storedAt = clock.now();
  return {
    version: 1 as const,
    storedAt,
    expiresAt: storedAt + ttlMs,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** A cached non-streaming answer: the upstream's `ChatCompletion` as it arrived. */
export interface CompletionCacheEntry extends CacheEntryBase {
  /** Discriminates the entry. */
  kind: 'completion';
  /** The completion, before any `afterResponse` hook. */
  completion: ChatCompletion;
}

/** A cached streaming answer: every chunk in the order and grouping the upstream sent them. */
export interface StreamCacheEntry extends CacheEntryBase {
  /** Discriminates the entry. */
  kind: 'stream';
  /** The chunks of a stream that ended cleanly (`[DONE]` and a `finish_reason`). */
  chunks: ChatCompletionChunk[];
}

/** A cached embeddings answer: the upstream's `CreateEmbeddingResponse` as it arrived. */
export interface EmbeddingsCacheEntry extends CacheEntryBase {
  /** Discriminates the entry. */
  kind: 'embeddings';
  /** The response, before any `afterEmbeddings` hook. */
  response: CreateEmbeddingResponse;
}

/**
 * What a {@link CacheStore} holds under one key: a plain JSON value, so a
 * store may serialise it as it likes (the memory store keeps the JSON text;
 * a Redis store would do the same).
 */
export type CacheEntry = CompletionCacheEntry | StreamCacheEntry | EmbeddingsCacheEntry;
