import { silentLogger } from '../logging/logger.js';
import { createTokenBucketLimiter } from '../rate-limit/create-token-bucket-limiter.js';
import { createGrantLog } from '../rate-limit/grant-log.js';
import {
  limiterClosedError,
  neverFitsError,
  waitAbortedError,
  waitTooLongError,
} from '../rate-limit/limiter-errors.js';
import { projectQueueWait, type BucketSnapshot } from '../rate-limit/project-queue-wait.js';
import type {
  RateLimitAcquireOptions,
  RateLimitDimensionHealth,
  RateLimitGrant,
  RateLimiterHealth,
} from '../rate-limit/rate-limiter.js';
import { resolveLimiterOptions } from '../rate-limit/token-bucket-limiter-options.js';
import { correctSharedBuckets } from './correct-shared-buckets.js';
import { createBackendSwitch } from './create-backend-switch.js';
import { createSharedGrant } from './create-shared-grant.js';
import type { RedisRateLimiter, RedisRateLimiterOptions } from './redis-rate-limiter-options.js';
import {
  runSharedBucketScript,
  type SharedBucketOperation,
  type SharedBucketReply,
} from './shared-bucket-script.js';

type Kind = 'requests' | 'tokens';
const KINDS: readonly Kind[] = ['requests', 'tokens'];
// A bucket idle this long has refilled completely (debt included): Redis may drop it.
const IDLE_MS = 120_000;

interface Waiter {
  cost: Record<Kind, number>;
  options: RateLimitAcquireOptions;
  enqueuedAt: number;
  waitReported: boolean;
  resolve: (grant: RateLimitGrant) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

/**
 * Creates the {@link RedisRateLimiter}: the same contract and semantics as
 * `createTokenBucketLimiter` (RPM and TPM token buckets, FIFO waits bounded
 * by `maxWaitMs`, reconciliation, header learning, 429 pause), but the
 * buckets and the pause live in Redis, so every instance that shares the
 * namespace shares one budget (docs/architecture.md, "Where state lives").
 *
 * - Every change to the buckets is one atomic Lua script call (see
 *   `SHARED_BUCKET_SCRIPT`) on the Redis server's clock.
 * - Waiters queue locally in FIFO order; only the head of the local queue
 *   asks Redis. A refused head sleeps for the wait Redis computed and asks
 *   again; a projected wait beyond `maxWaitMs` fails at once with a local
 *   `RateLimitError`. `onWait` is called when Redis first says the attempt
 *   must wait (or when the local queue's projection already says so).
 * - Header learning lowers the shared buckets: the remaining counts,
 *   brought up to now with this process's grants since, lower the level,
 *   and a smaller upstream limit is stored for every instance. Grants of
 *   other instances since are not known here, so the correction can only
 *   be too small, never too large.
 * - An upstream 429 sets a shared pause key with `PX`.
 * - Redis unreachable (a command fails, the connection closes): the limiter
 *   falls back to an in-memory limiter with the same settings, moves its
 *   waiters there, logs a warning and tells `onBackendChange` listeners;
 *   `health().backend` reads `local-fallback`. When the connection is ready
 *   again (or a periodic `PING` answers) it switches back to Redis.
 *
 * @param options - the connection, namespace, limits, maximum wait, burst, clock and timers.
 * @throws RangeError when an option is out of range.
 * @example
 * ```ts
 * const connection = createRedisConnection({ url: 'redis://127.0.0.1:6379' });
 * const limiter = createRedisRateLimiter({ connection, rpm: 500, tpm: 30_000 });
 * const client = createClient({ apiKey, rateLimiter: limiter });
 * ```
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { connection } = options;
  const { now, timers, maxWaitMs, burstFraction, rpm, tpm } = resolveLimiterOptions(options);
  const logger = options.logger ?? silentLogger;
  const local = createTokenBucketLimiter({ rpm, tpm, maxWaitMs, burstFraction, now, timers });
  const base = `${options.keyPrefix ?? ''}bulwark:rate-limit:{${options.namespace ?? 'default'}}`;
  const keys = [`${base}:requests`, `${base}:tokens`, `${base}:pause`] as const;
  const configured: Record<Kind, number> = { requests: rpm, tokens: tpm };
  const log = createGrantLog(now);
  const learned: Record<Kind, RateLimitDimensionHealth['learned']> = {
    requests: undefined,
    tokens: undefined,
  };
  const queue: Waiter[] = [];
  let last: { reply: SharedBucketReply; at: number } | undefined;
  let pausedUntil = 0;
  let asking = false;
  let timer: unknown;
  let disposed = false;

  const run = (
    operation: SharedBucketOperation,
    amounts: readonly [number | undefined, number | undefined],
    learnedLimits?: readonly [number | undefined, number | undefined],
  ): Promise<SharedBucketReply> =>
    runSharedBucketScript(connection, {
      keys,
      operation,
      rpm,
      tpm,
      burstFraction,
      amounts,
      learned: learnedLimits,
      idleMs: IDLE_MS,
    }).then((reply) => {
      last = { reply, at: now() };
      return reply;
    });

  /** Sends an operation that nobody waits for; a failure means Redis is unreachable. */
  const send = (...args: Parameters<typeof run>): void => {
    if (shared.backend !== 'redis') return;
    run(...args).then(
      () => pump(),
      (error: unknown) => shared.fallBack(error),
    );
  };

  function clearTimer(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  }

  const shared = createBackendSwitch({
    connection,
    timers,
    logger,
    probeIntervalMs: options.probeIntervalMs ?? 1000,
    onFallBack() {
      clearTimer();
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        const onWait = waiter.waitReported ? undefined : waiter.options.onWait;
        local.acquire({ ...waiter.options, onWait }).then(waiter.resolve, waiter.reject);
      }
    },
    onRecover: () => pump(),
  });

  function grantFor(waiter: Waiter, time: number): RateLimitGrant {
    return createSharedGrant({
      cost: waiter.cost,
      grantedAt: time,
      waitedMs: time - waiter.enqueuedAt,
      logEntry: log.record(time, waiter.cost.requests, waiter.cost.tokens),
      adjust: (requests, tokens) => send('adjust', [requests, tokens]),
    });
  }

  function answer(head: Waiter, reply: SharedBucketReply): void {
    const time = now();
    if (!queue.includes(head)) {
      // Aborted while Redis answered: give back what was taken for it.
      if (reply.granted) send('adjust', [head.cost.requests, head.cost.tokens]);
      return pump();
    }
    if (reply.granted) {
      queue.shift();
      head.detach();
      head.resolve(grantFor(head, time));
      return pump();
    }
    if (reply.limit === 'upstream') pausedUntil = Math.max(pausedUntil, time + reply.waitMs);
    const waited = time - head.enqueuedAt;
    const refused = waited + reply.waitMs > maxWaitMs;
    if (!head.waitReported) {
      head.waitReported = true;
      head.options.onWait?.({ limit: reply.limit ?? 'requests', waitMs: reply.waitMs, refused });
    }
    if (refused) {
      queue.shift();
      head.detach();
      const waitedMs = waited > 0 ? waited : undefined;
      head.reject(waitTooLongError({ waitMs: waited + reply.waitMs, maxWaitMs, waitedMs }));
      return pump();
    }
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        pump();
      },
      Math.max(1, Math.ceil(reply.waitMs)),
    );
  }

  function pump(): void {
    if (asking || disposed || shared.backend !== 'redis') return;
    const head = queue[0];
    if (head === undefined) return;
    clearTimer();
    asking = true;
    run('take', [head.cost.requests, head.cost.tokens]).then(
      (reply) => {
        asking = false;
        if (!disposed && shared.backend === 'redis') answer(head, reply);
      },
      (error: unknown) => {
        asking = false;
        shared.fallBack(error);
      },
    );
  }

  /** The shared buckets as last seen, refilled locally up to now. */
  function snapshots(): (BucketSnapshot & { limit: number })[] {
    const elapsed = last === undefined ? 0 : now() - last.at;
    return KINDS.filter((kind) => configured[kind] > 0).map((kind) => {
      const seen = last?.reply[kind];
      const limit = seen?.limit ?? configured[kind];
      const capacity = seen?.capacity ?? Math.max(1, limit * burstFraction);
      const ratePerMs = limit / 60_000;
      const available = Math.min(capacity, (seen?.level ?? capacity) + elapsed * ratePerMs);
      return { kind, available, capacity, ratePerMs, limit };
    });
  }

  function acquire(request: RateLimitAcquireOptions): Promise<RateLimitGrant> {
    if (disposed) return Promise.reject(limiterClosedError());
    if (shared.backend !== 'redis') return local.acquire(request);
    const cost = { requests: request.requests ?? 1, tokens: request.tokens ?? 0 };
    const { signal } = request;
    if (signal?.aborted === true) return Promise.reject(waitAbortedError(signal));
    const buckets = snapshots();
    for (const bucket of buckets) {
      if (cost[bucket.kind] > bucket.limit) {
        return Promise.reject(neverFitsError(bucket.kind, cost[bucket.kind], bucket.limit));
      }
    }
    let waitReported = false;
    if (queue.length > 0) {
      const time = now();
      const costs = [...queue.map((waiter) => waiter.cost), cost];
      const projection = projectQueueWait({ now: time, pausedUntil, buckets, costs });
      const refused = projection.waitMs > maxWaitMs;
      request.onWait?.({ limit: projection.limit, waitMs: projection.waitMs, refused });
      if (refused) {
        return Promise.reject(waitTooLongError({ waitMs: projection.waitMs, maxWaitMs }));
      }
      waitReported = true;
    }
    return new Promise<RateLimitGrant>((resolve, reject) => {
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        reject(waitAbortedError(signal as AbortSignal));
        if (index === 0) pump();
      };
      const waiter: Waiter = {
        cost,
        options: request,
        enqueuedAt: now(),
        waitReported,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      pump();
    });
  }

  function learnShared(...[headers, learnOptions = {}]: Parameters<RedisRateLimiter['learn']>) {
    const time = now();
    const sentAt = learnOptions.sentAt ?? time;
    const correction = correctSharedBuckets({
      headers,
      limits: Object.fromEntries(snapshots().map((item) => [item.kind, item.limit])),
      grantedSince: log.since(sentAt),
      elapsedMs: time - sentAt,
    });
    for (const kind of KINDS) {
      const seen = correction.learned[kind];
      if (seen !== undefined) learned[kind] = { ...seen, at: time };
    }
    if (correction.useful) send('lower', correction.targets, correction.limits);
  }

  return {
    get backend() {
      return shared.backend;
    },
    onBackendChange: (listener) => shared.onChange(listener),
    acquire,
    learn(headers, learnOptions) {
      if (disposed) return;
      // The local limiter learns too, so that a fallback starts from what the upstream said.
      local.learn(headers, learnOptions);
      if (shared.backend === 'redis') learnShared(headers, learnOptions);
    },
    pause(untilMs) {
      if (disposed) return;
      local.pause(untilMs);
      if (!(untilMs > pausedUntil)) return;
      pausedUntil = untilMs;
      send('pause', [untilMs - now(), undefined]);
    },
    health(): RateLimiterHealth {
      const { backend } = shared;
      if (backend !== 'redis') return { ...local.health(), backend };
      const time = now();
      const report = Object.fromEntries(
        snapshots().map((item) => [
          item.kind,
          {
            limit: item.limit,
            configuredLimit: configured[item.kind],
            capacity: item.capacity,
            available: item.available,
            learned: learned[item.kind],
          },
        ]),
      ) as Partial<Record<Kind, RateLimitDimensionHealth>>;
      return {
        requests: report.requests,
        tokens: report.tokens,
        waiters: queue.length + local.health().waiters,
        pausedUntil: pausedUntil > time ? pausedUntil : undefined,
        backend,
      };
    },
    async dispose() {
      disposed = true;
      clearTimer();
      shared.dispose();
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        waiter.reject(limiterClosedError());
      }
      await local.dispose();
    },
  };
}
