import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { systemClock, type CacheClock } from './cache-clock.js';
import { createCacheCounters, readCacheStats, reportLookup } from './cache-counters.js';
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
  UpstreamStream,
} from './response-cache.js';
import {
  createSingleFlight,
  type FlightTicket,
  type JoinOptions,
  type SingleFlight,
} from './single-flight.js';
import { readEntry, writeEntry } from './store-access.js';
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

  /** Joins the flight under the key, or starts one, and reports which. */
  function join<Flown>(
    key: string,
    callOptions: CacheCallOptions,
    flights: SingleFlight<Flown>,
    flight: Pick<JoinOptions<Flown>, 'start' | 'finish'>,
  ): FlightTicket<Flown> {
    const fresh = callOptions.mode === 'refresh';
    const { start, finish } = flight;
    const ticket = flights.join(key, { start, finish, signal: callOptions.signal, fresh });
    reportLookup(counters, key, ticket.started ? 'miss' : 'coalesced', callOptions);
    return ticket;
  }

  async function complete(
    request: ChatCompletionCreateParams,
    callOptions: CacheCallOptions,
    upstream: (signal: AbortSignal | undefined) => Promise<UpstreamCompletion>,
  ): Promise<Cached<UpstreamCompletion>> {
    const key = callOptions.mode === 'bypass' ? undefined : keyOf(request);
    if (key === undefined) {
      // Fields named, not spread: Node 20 builds `{ ...answer, more }` on a slow path.
      const { completion, requestId } = await upstream(callOptions.signal);
      return { completion, requestId, outcome: 'bypass', key };
    }
    if (callOptions.mode !== 'refresh') {
      const entry = await readEntry(store, options, key);
      if (entry?.kind === 'completion') {
        reportLookup(counters, key, 'hit', callOptions);
        return { completion: entry.completion, requestId: entry.requestId, outcome: 'hit', key };
      }
    }
    const ticket = join(key, callOptions, completionFlights, {
      start: async (signal) => {
        const answer = await upstream(signal);
        // Not awaited: the answer goes to its callers while a remote store writes.
        void writeEntry(store, options, key, {
          ...createEntryBase(clock, ttlMs, answer.requestId),
          kind: 'completion',
          completion: answer.completion,
        });
        return answer;
      },
    });
    try {
      const answer = await ticket.result;
      return {
        completion: structuredClone(answer.completion),
        requestId: answer.requestId,
        outcome: ticket.started ? 'miss' : 'coalesced',
        key,
      };
    } finally {
      ticket.leave();
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
    const ticket = join(key, callOptions, streamFlights, {
      start: async (signal) => {
        const opened = await upstream(signal);
        return { recording: createStreamRecording(opened.chunks), requestId: opened.requestId };
      },
      finish: async ({ recording, requestId }) => {
        const outcome = await recording.finished;
        if (!outcome.complete) return;
        await writeEntry(store, options, key, {
          ...createEntryBase(clock, ttlMs, requestId),
          kind: 'stream',
          chunks: [...outcome.chunks],
        });
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

  return { complete, stream, keyOf, stats };
}
