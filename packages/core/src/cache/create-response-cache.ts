import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import { systemClock, type CacheClock } from './cache-clock.js';
import type { CacheEntry } from './cache-entry.js';
import { createCacheKey } from './cache-key.js';
import { CACHE_DEFAULTS } from './cache-options.js';
import { isCacheableRequest, type CacheWhen } from './cache-policy.js';
import type { CacheStats } from './cache-stats.js';
import type { CacheStore } from './cache-store.js';
import type {
  Cached,
  CacheCallOptions,
  CacheOutcome,
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
import { createStreamRecording, type StreamRecording } from './stream-recording.js';

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

/** A stream in flight: recorded once, replayed to every waiter. */
interface RecordedStream {
  recording: StreamRecording<ChatCompletionChunk>;
  requestId: string | undefined;
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
  const counters = { hits: 0, coalesced: 0, misses: 0 };

  function keyOf(request: ChatCompletionCreateParams): string | undefined {
    if (!isCacheableRequest(request, when)) return undefined;
    try {
      return createCacheKey(request, { namespace });
    } catch {
      return undefined; // A value JSON cannot hold: not cacheable rather than a failed call.
    }
  }

  async function read(key: string): Promise<CacheEntry | undefined> {
    try {
      return await store.get(key);
    } catch (error) {
      options.onStoreError?.(error, 'get');
      return undefined;
    }
  }

  async function write(key: string, entry: CacheEntry): Promise<void> {
    try {
      await store.set(key, entry);
    } catch (error) {
      options.onStoreError?.(error, 'set');
    }
  }

  function entryBase(requestId: string | undefined) {
    const storedAt = clock.now();
    return {
      version: 1 as const,
      storedAt,
      expiresAt: storedAt + ttlMs,
      ...(requestId === undefined ? {} : { requestId }),
    };
  }

  function report(
    key: string,
    outcome: Exclude<CacheOutcome, 'bypass'>,
    callOptions: CacheCallOptions,
  ): void {
    if (outcome === 'miss') counters.misses += 1;
    else counters.hits += 1;
    if (outcome === 'coalesced') counters.coalesced += 1;
    callOptions.onLookup?.(key, outcome);
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
    report(key, ticket.started ? 'miss' : 'coalesced', callOptions);
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
      const entry = await read(key);
      if (entry?.kind === 'completion') {
        report(key, 'hit', callOptions);
        return { completion: entry.completion, requestId: entry.requestId, outcome: 'hit', key };
      }
    }
    const ticket = join(key, callOptions, completionFlights, {
      start: async (signal) => {
        const answer = await upstream(signal);
        // Not awaited: the answer goes to its callers while a remote store writes.
        void write(key, {
          ...entryBase(answer.requestId),
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
      const entry = await read(key);
      if (entry?.kind === 'stream') {
        report(key, 'hit', callOptions);
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
        await write(key, { ...entryBase(requestId), kind: 'stream', chunks: [...outcome.chunks] });
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
      chunks: follow(recorded.recording, ticket, callOptions.signal),
      requestId: recorded.requestId,
      outcome: ticket.started ? 'miss' : 'coalesced',
      key,
    };
  }

  function stats(): CacheStats {
    const size = store.stats?.();
    const lookups = counters.hits + counters.misses;
    return {
      entries: size?.entries,
      bytes: size?.bytes,
      ...counters,
      hitRatio: lookups === 0 ? 0 : counters.hits / lookups,
    };
  }

  return { complete, stream, keyOf, stats };
}

/** Replays a stored stream chunk by chunk (the entry is already this caller's own copy). */
async function* replayStored(
  chunks: readonly ChatCompletionChunk[],
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  yield* chunks;
}

/** One waiter's view of a recorded stream: it leaves the flight when it stops reading or aborts. */
function follow(
  recording: StreamRecording<ChatCompletionChunk>,
  ticket: FlightTicket<RecordedStream>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const leave = (): void => ticket.leave();
  // A caller that aborts before reading leaves too, so an abandoned flight can end.
  if (signal?.aborted === true) leave();
  else signal?.addEventListener('abort', leave, { once: true });
  return (async function* () {
    try {
      yield* recording.replay(signal);
    } finally {
      signal?.removeEventListener('abort', leave);
      ticket.leave();
    }
  })();
}
