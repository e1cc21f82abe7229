import { silentLogger } from '../logging/logger.js';
import { createTokenBucketLimiter } from '../rate-limit/create-token-bucket-limiter.js';
import { createGrantLog } from '../rate-limit/grant-log.js';
import {
  limiterClosedError,
  neverFitsError,
  waitAbortedError,
  waitTooLongError,
} from '../rate-limit/limiter-errors.js';
import { projectQueueWait } from '../rate-limit/project-queue-wait.js';
import type {
  RateLimitAcquireOptions,
  RateLimitGrant,
  RateLimiterHealth,
} from '../rate-limit/rate-limiter.js';
import { resolveLimiterOptions } from '../rate-limit/token-bucket-limiter-options.js';
import { createBackendSwitch } from './create-backend-switch.js';
import { createSharedBuckets } from './create-shared-buckets.js';
import { createSharedHeaderLearning } from './create-shared-header-learning.js';
import { createSharedGrant } from './create-shared-grant.js';
import { createSharedWaitQueue } from './create-shared-wait-queue.js';
import type { RedisRateLimiter, RedisRateLimiterOptions } from './redis-rate-limiter-options.js';
import { reportSharedHealth } from './report-shared-health.js';

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
  const { connection, keyPrefix, namespace } = options;
  const { now, timers, maxWaitMs, burstFraction, rpm, tpm } = resolveLimiterOptions(options);
  const logger = options.logger ?? silentLogger;
  const local = createTokenBucketLimiter({ rpm, tpm, maxWaitMs, burstFraction, now, timers });
  const buckets = createSharedBuckets({
    connection,
    keyPrefix,
    namespace,
    rpm,
    tpm,
    burstFraction,
    now,
  });
  const log = createGrantLog(now);
  let pausedUntil = 0;
  let disposed = false;

  /** Sends an operation that nobody waits for; a failure means Redis is unreachable. */
  const send = (...args: Parameters<typeof buckets.run>): void => {
    if (shared.backend !== 'redis') return;
    buckets.run(...args).then(
      () => queue.pump(),
      (error: unknown) => shared.fallBack(error),
    );
  };

  const queue = createSharedWaitQueue({
    now,
    timers,
    maxWaitMs,
    active: () => !disposed && shared.backend === 'redis',
    take: (cost) => buckets.run('take', [cost.requests, cost.tokens]),
    giveBack: (cost) => send('adjust', [cost.requests, cost.tokens]),
    grant: (cost, time, waitedMs) =>
      createSharedGrant({
        cost,
        grantedAt: time,
        waitedMs,
        logEntry: log.record(time, cost.requests, cost.tokens),
        adjust: (requests, tokens) => send('adjust', [requests, tokens]),
      }),
    onUpstreamPause: (until) => {
      pausedUntil = Math.max(pausedUntil, until);
    },
    onFailure: (error) => shared.fallBack(error),
  });

  const learning = createSharedHeaderLearning({
    now,
    log,
    buckets,
    lower: (targets, limits) => send('lower', targets, limits),
  });

  const shared = createBackendSwitch({
    connection,
    timers,
    logger,
    probeIntervalMs: options.probeIntervalMs ?? 1000,
    onFallBack: () => queue.handOver(local),
    onRecover: () => queue.pump(),
  });

  function acquire(request: RateLimitAcquireOptions): Promise<RateLimitGrant> {
    if (disposed) return Promise.reject(limiterClosedError());
    if (shared.backend !== 'redis') return local.acquire(request);
    const cost = { requests: request.requests ?? 1, tokens: request.tokens ?? 0 };
    const { signal } = request;
    if (signal?.aborted === true) return Promise.reject(waitAbortedError(signal));
    const snapshots = buckets.snapshots();
    for (const bucket of snapshots) {
      if (cost[bucket.kind] > bucket.limit) {
        return Promise.reject(neverFitsError(bucket.kind, cost[bucket.kind], bucket.limit));
      }
    }
    let waitReported = false;
    if (queue.length > 0) {
      const time = now();
      const costs = [...queue.costs(), cost];
      const projection = projectQueueWait({ now: time, pausedUntil, buckets: snapshots, costs });
      const refused = projection.waitMs > maxWaitMs;
      request.onWait?.({ limit: projection.limit, waitMs: projection.waitMs, refused });
      if (refused) {
        return Promise.reject(waitTooLongError({ waitMs: projection.waitMs, maxWaitMs }));
      }
      waitReported = true;
    }
    return queue.wait(cost, request, waitReported);
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
      if (shared.backend === 'redis') learning.learn(headers, learnOptions);
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
      if (backend !== 'redis') return Object.assign(local.health(), { backend });
      return reportSharedHealth({
        now: now(),
        buckets: buckets.snapshots(),
        configured: buckets.configured,
        learned: learning.learned,
        waiters: queue.length + local.health().waiters,
        pausedUntil,
      });
    },
    async dispose() {
      disposed = true;
      queue.stop();
      shared.dispose();
      queue.close();
      await local.dispose();
    },
  };
}
