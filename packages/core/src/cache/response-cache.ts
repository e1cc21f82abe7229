import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { CacheMode } from './cache-policy.js';
import type { CacheStats } from './cache-stats.js';

/**
 * How the cache handled a call: `hit` from the store, `coalesced` by joining
 * an identical call in flight, `miss` went upstream (and stored a clean
 * answer), `bypass` not cached (policy, `cache: 'bypass'`).
 */
export type CacheOutcome = 'hit' | 'coalesced' | 'miss' | 'bypass';

/** Per-call options of the {@link ResponseCache} methods. */
export interface CacheCallOptions {
  /** How this call uses the cache. @default 'default' */
  mode?: CacheMode | undefined;
  /** The caller's signal: it ends this caller's wait, not a shared upstream call. */
  signal?: AbortSignal | undefined;
  /** Told the key and outcome as soon as they are known, before any upstream work (not for `bypass`). */
  onLookup?: ((key: string, outcome: Exclude<CacheOutcome, 'bypass'>) => void) | undefined;
}

/** A non-streaming upstream answer. */
export interface UpstreamCompletion {
  /** The completion. */
  completion: ChatCompletion;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
}

/** An embeddings upstream answer. */
export interface UpstreamEmbeddings {
  /** The response. */
  response: CreateEmbeddingResponse;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
}

/** A streaming upstream answer whose chunks are still to be read. */
export interface UpstreamStream {
  /** The chunks; the iteration throws when the stream is truncated or fails. */
  chunks: AsyncIterable<ChatCompletionChunk>;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
}

/** What a call gets from the cache: the answer, and how it was found. */
export type Cached<Answer> = Answer & {
  /** How the cache handled the call. */
  outcome: CacheOutcome;
  /** The request's cache key; `undefined` when bypassed. */
  key: string | undefined;
};

/**
 * The response cache of docs/architecture.md, "Request path" step 3: canonical keys, the `when`
 * policy, single flight and stream recording over a {@link CacheStore}.
 */
export interface ResponseCache {
  /**
   * Answers a non-streaming request from the store, from an identical call
   * in flight, or by calling `upstream` (then stores a successful answer).
   * Every caller gets its own copy of the completion.
   * @throws the upstream's failure (never cached), or an `AbortError` when the caller's signal aborts.
   */
  complete(
    request: ChatCompletionCreateParams,
    options: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamCompletion>,
  ): Promise<Cached<UpstreamCompletion>>;
  /**
   * Answers a streaming request by replaying a stored stream with its
   * chunking, by fanning out an identical stream in flight, or by calling
   * `upstream` and recording its chunks (stored once the stream ends cleanly;
   * a truncated or failed stream is not stored).
   * @throws the upstream's failure before the first chunk, or an `AbortError`.
   */
  stream(
    request: ChatCompletionCreateParams,
    options: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamStream>,
  ): Promise<Cached<UpstreamStream>>;
  /**
   * Answers an embeddings request from the store, from an identical call in
   * flight, or by calling `upstream` (then stores a successful answer). Every
   * embeddings request is cached whatever `when` says (embeddings are
   * deterministic); its key names the endpoint, so it never meets a chat
   * request's. Every caller gets its own copy.
   * @throws the upstream's failure (never cached), or an `AbortError` when the caller's signal aborts.
   */
  embed(
    request: EmbeddingCreateParams,
    options: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamEmbeddings>,
  ): Promise<Cached<UpstreamEmbeddings>>;
  /** The chat request's cache key, or `undefined` when the policy does not cache it. */
  keyOf(request: ChatCompletionCreateParams): string | undefined;
  /** Counters and the store's size. */
  stats(): CacheStats;
}
