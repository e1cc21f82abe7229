import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { createListenerSet } from '../policies/create-listener-set.js';
import type { LimiterTimers } from '../rate-limit/token-bucket-limiter-options.js';
import type { RateLimitBackend, RateLimitBackendChange } from './redis-rate-limiter-options.js';

/** Options of {@link createBackendSwitch}. */
export interface BackendSwitchOptions {
  /** The connection whose `ready`, `error` and `close` events drive the switch. */
  connection: Redis;
  /** Timers of the `PING` probe. */
  timers: LimiterTimers;
  /** How often a fallback checks whether Redis answers again, in milliseconds. */
  probeIntervalMs: number;
  /** Where fallbacks (`warn`) and recoveries (`info`) go. */
  logger: Logger;
  /** Called on every failure report while falling back (move the waiters to the local limiter). */
  onFallBack: () => void;
  /** Called when Redis is used again (wake the queue). */
  onRecover: () => void;
}

/** Where a shared limiter keeps its buckets, and when that changes. */
export interface BackendSwitch {
  /** `redis`, or `local-fallback` while Redis is unreachable (and until the first connection). */
  readonly backend: RateLimitBackend;
  /** Reports a Redis failure: switch to (or stay on) the local fallback. */
  fallBack(error: unknown): void;
  /** Listens to announced switches. */
  onChange(listener: (change: RateLimitBackendChange) => void): () => void;
  /** Stops listening to the connection and probing. */
  dispose(): void;
}

/**
 * The backend state machine of the Redis rate limiter. It starts on
 * `redis` when the connection is ready, else on `local-fallback` without
 * announcing it (connecting is not an outage). A failure (a command, an
 * `error` or `close` event) switches to the fallback, once announced with
 * a warning and a change event, and starts a `PING` probe every
 * `probeIntervalMs`; the connection's `ready` event or a probe that answers
 * switches back (announced only after an announced fallback).
 *
 * @param options - connection, timers, probe interval, logger and callbacks.
 */
export function createBackendSwitch(options: BackendSwitchOptions): BackendSwitch {
  const { connection, timers, probeIntervalMs, logger } = options;
  const changes = createListenerSet<RateLimitBackendChange>();
  let backend: RateLimitBackend = connection.status === 'ready' ? 'redis' : 'local-fallback';
  let announced = backend === 'redis';
  let probe: unknown;
  let disposed = false;

  const stopProbe = (): void => {
    if (probe !== undefined) timers.clearTimeout(probe);
    probe = undefined;
  };

  function scheduleProbe(): void {
    if (disposed || probe !== undefined) return;
    probe = timers.setTimeout(() => {
      probe = undefined;
      if (disposed || backend === 'redis') return;
      if (connection.status !== 'ready') return scheduleProbe();
      connection.ping().then(recover, () => scheduleProbe());
    }, probeIntervalMs);
    (probe as { unref?: () => void }).unref?.();
  }

  function recover(): void {
    if (disposed || backend === 'redis') return;
    backend = 'redis';
    stopProbe();
    // The first connection is not a recovery: only a fallback that was announced is.
    if (announced) {
      logger.info({}, 'Rate limits are shared through Redis again');
      changes.emit({ backend });
    }
    announced = true;
    options.onRecover();
  }

  function fallBack(error: unknown): void {
    if (disposed) return;
    if (backend === 'redis' || !announced) {
      backend = 'local-fallback';
      announced = true;
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        { reason },
        'Redis is unreachable: rate limits fall back to this process alone until it returns',
      );
      changes.emit({ backend, reason });
    }
    options.onFallBack();
    scheduleProbe();
  }

  const onReady = (): void => recover();
  const onLost = (error?: unknown): void =>
    fallBack(error ?? new Error('The Redis connection closed'));
  connection.on('ready', onReady);
  connection.on('error', onLost);
  connection.on('close', onLost);
  if (backend !== 'redis') scheduleProbe();

  return {
    get backend() {
      return backend;
    },
    fallBack,
    onChange: (listener) => changes.add(listener),
    dispose() {
      disposed = true;
      stopProbe();
      connection.off('ready', onReady);
      connection.off('error', onLost);
      connection.off('close', onLost);
      changes.clear();
    },
  };
}
