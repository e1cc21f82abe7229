import type { CacheStats } from '../cache/cache-stats.js';
import type { ClientEventMap } from '../events/client-events.js';
import type { EventListener } from '../events/create-event-emitter.js';
import type { CircuitStateName } from '../policies/create-circuit-breaker-policy.js';
import type { RateLimiterHealth } from '../rate-limit/rate-limiter.js';
import type { ChatCompletions } from './chat-completions.js';
import type { Embeddings } from './embeddings.js';
import type { JsonCompletion } from './json-completion.js';
import type { UsageTotals } from './usage-tracker.js';

/** What `client.health()` reports (docs/errors.md). */
export interface ClientHealth {
  /**
   * State of the circuit breaker: `closed`, `open` (calls fail at once with
   * `CircuitOpenError`), or `half-open` (the next call is the probe; an open
   * circuit whose `halfOpenAfterMs` has passed reads `half-open`).
   */
  circuit: CircuitStateName;
  /**
   * Calls started and not yet settled, except those counted in `queued`: calls
   * holding a bulkhead slot (attempts and backoff waits), calls still in
   * validation or hooks, and streams until they end.
   */
  inFlight: number;
  /** Calls waiting for a bulkhead slot. */
  queued: number;
  /** Running usage and cost of the client's calls. */
  usage: UsageTotals;
  /**
   * The rate limiter's limits, burst capacity, availability, waiters, pause
   * and what it learned from the upstream; absent when no limiter runs.
   */
  rateLimit?: RateLimiterHealth | undefined;
  /**
   * The response cache: entries and bytes in its store, hits (from the store
   * or by joining an identical call in flight), misses and the hit ratio;
   * absent with `cache.store: 'off'`.
   */
  cache?: CacheStats | undefined;
  /**
   * The client's Redis connection (the `redis` option): `ready`, or
   * `unavailable` while it is connecting or down (the cache then misses and
   * the rate limits fall back to this process alone, see
   * `rateLimit.backend`); absent without Redis.
   */
  redis?: 'ready' | 'unavailable' | undefined;
  /**
   * With routes: each deployment's breaker, cooldown and whether a call may
   * be sent to it now. `circuit` above then reads `open` while some route
   * has no usable deployment, else `closed`.
   */
  deployments?: Readonly<Record<string, DeploymentHealth>> | undefined;
  /** With routes: whether each route has a usable deployment. */
  routes?: Readonly<Record<string, RouteHealth>> | undefined;
}

/** One route's state in {@link ClientHealth.routes}. */
export interface RouteHealth {
  /** Whether one of its deployments is usable now (so `/readyz` counts it ready). */
  usable: boolean;
}

/** One deployment's state in {@link ClientHealth.deployments}. */
export interface DeploymentHealth {
  /** Its own circuit breaker. */
  circuit: CircuitStateName;
  /** Until when (epoch milliseconds) it is skipped after a failure, if it is cooling down. */
  cooldownUntil: number | undefined;
  /** Whether a call would be sent to it now (circuit not open, not cooling down). */
  usable: boolean;
}

/**
 * The client `createClient()` returns: the `openai` SDK's chat and
 * embeddings APIs, made resilient and safe.
 */
export interface BulwarkClient {
  /** The chat API, called exactly like the SDK's `openai.chat.completions`. */
  readonly chat: {
    /** `client.chat.completions.create()`, see {@link ChatCompletions}. */
    readonly completions: ChatCompletions;
  };
  /** The embeddings API, called exactly like the SDK's `openai.embeddings`; see {@link Embeddings}. */
  readonly embeddings: Embeddings;
  /**
   * Asks for JSON and returns it parsed and validated against a zod schema.
   * @example
   * ```ts
   * const city = await client.json({
   *   messages: [{ role: 'user', content: 'Capital of France, as {"name": string}' }],
   *   schema: z.object({ name: z.string() }),
   * });
   * ```
   */
  readonly json: JsonCompletion;
  /**
   * Listens to an event (`request`, `response`, `error`, `retry`, …).
   * @returns a function that removes the listener.
   */
  on<Name extends keyof ClientEventMap>(
    name: Name,
    listener: EventListener<ClientEventMap[Name]>,
  ): () => void;
  /** Circuit state, calls in flight and queued, running usage and cost, rate limits, cache. */
  health(): ClientHealth;
  /**
   * Stops the client: new calls fail with `AbortError`; streams being opened
   * or read are aborted (their consumer gets `AbortError`), and so are calls
   * waiting for capacity of the built-in rate limiter; other calls in
   * flight are awaited; then the resilience pipeline, a Redis connection the
   * client opened (`redis.url`) and every listener are disposed. Calling it
   * again is harmless.
   */
  close(): Promise<void>;
}
