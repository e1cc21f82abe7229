import type { CacheClock } from './cache-clock.js';
import { reportLookup, type CacheCounters } from './cache-counters.js';
import { createEntryBase, type CacheEntry } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';
import type { Cached, CacheCallOptions, CacheOutcome } from './response-cache.js';
import type { FlightTicket, JoinOptions, SingleFlight } from './single-flight.js';
import { readEntry, writeEntry, type StoreErrorListener } from './store-access.js';

/** What the lookups of one cache share. */
export interface CacheParts {
  /** Where entries live. */
  store: CacheStore;
  /** Told of a store failure. */
  listener: StoreErrorListener;
  /** Hits, misses, coalesced calls. */
  counters: CacheCounters;
  /** Dates entries. */
  clock: CacheClock;
  /** Entry lifetime in milliseconds. */
  ttlMs: number;
}

/**
 * How one kind of whole (non-streaming) answer is kept: read from an
 * entry, made into one, copied for each caller, and handed on with how it
 * was found. Module constants, so a lookup allocates nothing for them.
 */
export interface WholeAnswerCodec<Answer extends { requestId: string | undefined }> {
  /** The answer an entry holds, as a hit, or `undefined` when it holds another kind. */
  hit(entry: CacheEntry, key: string): Cached<Answer> | undefined;
  /** The entry of an answer stored now (without the common fields). */
  entry(answer: Answer): DistributiveOmit<CacheEntry, 'version' | 'storedAt' | 'expiresAt'>;
  /** The answer with its outcome and key, the body copied when `copy` is set. */
  found(
    answer: Answer,
    outcome: CacheOutcome,
    key: string | undefined,
    copy: boolean,
  ): Cached<Answer>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Joins the flight under the key, or starts one, and reports which.
 *
 * @param counters - the cache's counters.
 * @param key - the request's key.
 * @param callOptions - the caller's mode, signal and lookup listener.
 * @param flights - the flights of this kind of answer.
 * @param flight - how the flight starts and finishes.
 */
export function joinFlight<Flown>(
  counters: CacheCounters,
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

/**
 * Answers a non-streaming request: from the store (unless refreshing), from
 * an identical call in flight, or by calling `upstream` and storing its
 * answer (not awaited: the answer goes to its callers while a remote store
 * writes). Every caller gets its own copy.
 *
 * @param parts - the cache's store, counters, clock and lifetime.
 * @param key - the request's key; `undefined` when it is not cached.
 * @param callOptions - the caller's mode, signal and lookup listener.
 * @param flights - the flights of this kind of answer.
 * @param codec - how this kind of answer is kept.
 * @param upstream - makes the call.
 */
export function answerWhole<Answer extends { requestId: string | undefined }>(
  parts: CacheParts,
  key: string | undefined,
  callOptions: CacheCallOptions,
  flights: SingleFlight<Answer>,
  codec: WholeAnswerCodec<Answer>,
  upstream: (signal: AbortSignal | undefined) => Promise<Answer>,
): Promise<Cached<Answer>> {
  // Not cached (the usual request, not deterministic): the call's answer as it comes, no frame here.
  if (key === undefined) {
    return upstream(callOptions.signal).then((answer) =>
      codec.found(answer, 'bypass', undefined, false),
    );
  }
  return answerCached(parts, key, callOptions, flights, codec, upstream);
}

/** {@link answerWhole} for a request with a key. */
async function answerCached<Answer extends { requestId: string | undefined }>(
  parts: CacheParts,
  key: string,
  callOptions: CacheCallOptions,
  flights: SingleFlight<Answer>,
  codec: WholeAnswerCodec<Answer>,
  upstream: (signal: AbortSignal | undefined) => Promise<Answer>,
): Promise<Cached<Answer>> {
  const { store, listener, counters } = parts;
  if (callOptions.mode !== 'refresh') {
    const entry = await readEntry(store, listener, key);
    const hit = entry === undefined ? undefined : codec.hit(entry, key);
    if (hit !== undefined) {
      reportLookup(counters, key, 'hit', callOptions);
      return hit;
    }
  }
  const ticket = joinFlight(counters, key, callOptions, flights, {
    start: async (signal) => {
      const answer = await upstream(signal);
      const base = createEntryBase(parts.clock, parts.ttlMs, answer.requestId);
      const entry = Object.assign(base, codec.entry(answer)) as CacheEntry;
      void writeEntry(store, listener, key, entry);
      return answer;
    },
  });
  try {
    return codec.found(await ticket.result, ticket.started ? 'miss' : 'coalesced', key, true);
  } finally {
    ticket.leave();
  }
}
