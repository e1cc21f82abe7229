import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import { systemClock, type CacheClock } from './cache-clock.js';
import { createCacheCounters, readCacheStats, reportLookup } from './cache-counters.js';
import { COMPLETION_CODEC, EMBEDDINGS_CODEC } from './whole-answer-codecs.js';
import { createEntryBase } from './cache-entry.js';
import { createCacheKey } from './cache-key.js';
import { CACHE_DEFAULTS } from './cache-options.js';
import { isCacheableRequest, type CacheWhen } from './cache-policy.js';
import type { CacheStats } from './cache-stats.js';
import type { CacheStore } from './cache-store.js';
import { followRecording, replayStored, type RecordedStream } from './cached-stream.js';
import type {
  Cached,
  CacheCallOptions,
  ResponseCache,
  UpstreamCompletion,
  UpstreamEmbeddings,
  UpstreamStream,
} from './response-cache.js';
import { createSingleFlight } from './single-flight.js';
import { readEntry, writeEntry } from './store-access.js';
import { answerWhole, joinFlight, type CacheParts } from './whole-answer.js';
import { createStreamRecording } from './stream-recording.js';

/** Default entry lifetime: one hour (`BULWARK_CACHE_TTL_MS`), as `cacheOptionsSchema` declares it. */
export const DEFAULT_CACHE_TTL_MS: number = CACHE_DEFAULTS.ttlMs;

/** Options of {@link createResponseCache}. */
export interface ResponseCacheOptions {
  /** Where entries live. */
  store: CacheStore;
  /** Entry lifetime in milliseconds. @default {@link DEFAULT_CACHE_TTL_MS} */
  ttlMs?: number | undefined;
  /** Which requests are cached. @default 'deterministic' */
  when?: CacheWhen | undefined;
  /** Prefix that keeps caches sharing a store apart. @default 'default' */
  namespace?: string | undefined;
  /** Time source of `storedAt`/`expiresAt`. @default Date.now */
  clock?: CacheClock | undefined;
  /** Told when the store fails; the call goes on as a miss (`get`) or unstored (`set`). */
  onStoreError?: ((error: unknown, operation: 'get' | 'set') => void) | undefined;
}

/**
 * Creates the response cache over a store.
 *
 * @param options - store, lifetime, policy, namespace.
 * @throws {RangeError} when `ttlMs` is not a whole number > 0 or `namespace` is empty.
 * @example
 * ```ts
 * const cache = createResponseCache({ store: new MemoryCacheStore(), ttlMs: 60_000 });
 * const { completion, outcome } = await cache.complete(request, { signal }, (signal) => send(request, signal));
 * ```
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { store } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const when = options.when ?? CACHE_DEFAULTS.when;
  const namespace = options.namespace ?? CACHE_DEFAULTS.namespace;
  const clock = options.clock ?? systemClock;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError('ttlMs must be a whole number of milliseconds > 0');
  }
  if (namespace === '') throw new RangeError('namespace must not be empty');
  const completionFlights = createSingleFlight<UpstreamCompletion>();
  const embeddingFlights = createSingleFlight<UpstreamEmbeddings>();
  const streamFlights = createSingleFlight<RecordedStream>();
  const counters = createCacheCounters();

  function keyOf(request: ChatCompletionCreateParams): string | undefined {
    if (!isCacheableRequest(request, when)) return undefined;
    try {
      return createCacheKey(request, { namespace });
    } catch {
      return undefined; // A value JSON cannot hold: not cacheable rather than a failed call.
    }
  }

  const parts: CacheParts = { store, listener: options, counters, clock, ttlMs };

  function complete(
    request: ChatCompletionCreateParams,
    callOptions: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamCompletion>,
  ): Promise<Cached<UpstreamCompletion>> {
    const key = callOptions.mode === 'bypass' ? undefined : keyOf(request);
    return answerWhole(parts, key, callOptions, completionFlights, COMPLETION_CODEC, upstream);
  }

  function embed(
    request: EmbeddingCreateParams,
    callOptions: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamEmbeddings>,
  ): Promise<Cached<UpstreamEmbeddings>> {
    const key = callOptions.mode === 'bypass' ? undefined : embeddingsKeyOf(request);
    return answerWhole(parts, key, callOptions, embeddingFlights, EMBEDDINGS_CODEC, upstream);
  }

  /** Every embeddings request is cached, whatever `when` says: embeddings are deterministic. */
  function embeddingsKeyOf(request: EmbeddingCreateParams): string | undefined {
    try {
      return createCacheKey(request, { namespace, endpoint: 'embeddings' });
    } catch {
      return undefined;
    }
  }

  async function stream(
    request: ChatCompletionCreateParams,
    callOptions: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamStream>,
  ): Promise<Cached<UpstreamStream>> {
    const key = callOptions.mode === 'bypass' ? undefined : keyOf(request);
    if (key === undefined) {
      const { chunks, requestId } = await upstream(callOptions.signal);
      return { chunks, requestId, outcome: 'bypass', key };
    }
    if (callOptions.mode !== 'refresh') {
      const entry = await readEntry(store, options, key);
      if (entry?.kind === 'stream') {
        reportLookup(counters, key, 'hit', callOptions);
        const chunks = replayStored(entry.chunks);
        return { chunks, requestId: entry.requestId, outcome: 'hit', key };
      }
    }
    const ticket = joinFlight(counters, key, callOptions, streamFlights, {
      start: async (signal) => {
        const opened = await upstream(signal);
        return { recording: createStreamRecording(opened.chunks), requestId: opened.requestId };
      },
      finish: async ({ recording, requestId }) => {
        const outcome = await recording.finished;
        if (!outcome.complete) return;
        const entry = Object.assign(createEntryBase(clock, ttlMs, requestId), {
          kind: 'stream' as const,
          chunks: [...outcome.chunks],
        });
        await writeEntry(store, options, key, entry);
      },
    });
    let recorded: RecordedStream;
    try {
      recorded = await ticket.result;
    } catch (error) {
      ticket.leave();
      throw error;
    }
    return {
      chunks: followRecording(recorded.recording, ticket, callOptions.signal),
      requestId: recorded.requestId,
      outcome: ticket.started ? 'miss' : 'coalesced',
      key,
    };
  }

  function stats(): CacheStats {
    return readCacheStats(counters, store);
  }

  return { complete, stream, embed, keyOf, stats };
}
