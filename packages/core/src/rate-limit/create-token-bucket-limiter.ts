import { createLimiterGrant } from './create-limiter-grant.js';
import { createGrantLog } from './grant-log.js';
import {
  limiterClosedError,
  neverFitsError,
  waitAbortedError,
  waitTooLongError,
} from './limiter-errors.js';
import {
  correctLimiterDimension,
  createLimiterDimension,
  limiterDimensionHealth,
  type LimiterDimension,
  type LimiterKind,
} from './limiter-dimension.js';
import { enqueueWaiter, type LimiterWaiter } from './limiter-waiter.js';
import { projectQueueWait, type BucketSnapshot } from './project-queue-wait.js';
import type { RateLimitAcquireOptions, RateLimitGrant, RateLimiter } from './rate-limiter.js';
import { readRateLimitHeaders } from './read-rate-limit-headers.js';
import {
  resolveLimiterOptions,
  type TokenBucketLimiterOptions,
} from './token-bucket-limiter-options.js';

/**
 * Creates the in-memory {@link RateLimiter}: two continuously refilled token
 * buckets, requests per minute and tokens per minute, and one FIFO queue.
 *
 * - Every attempt takes 1 request and its estimated tokens. It goes when both
 *   buckets hold `min(cost, capacity)`: a request larger than the burst
 *   capacity goes as soon as the bucket is full and leaves it in debt. So the
 *   head of the queue always goes within `cost / rate`, it holds back the
 *   attempts behind it only that long (strict FIFO: small requests never
 *   overtake it, so it never starves, and it never blocks them for good),
 *   and the long-run rate never exceeds the limit.
 * - A wait projected beyond `maxWaitMs` fails at once with a local
 *   `RateLimitError`; tokens above the whole `tpm` fail at once, not retryable.
 * - `learn` reads `x-ratelimit-*`: a smaller upstream limit lowers the
 *   configured one, and a remaining count below what the bucket holds
 *   (brought up to now) lowers the bucket. `pause` holds every waiter.
 * - One timer at most, for the head of the queue; aborting a wait removes it.
 *
 * @param options - limits, maximum wait, burst fraction, clock and timers.
 * @throws RangeError when an option is out of range.
 *
 * @example
 * ```ts
 * const limiter = createTokenBucketLimiter({ rpm: 500, tpm: 30_000 });
 * const grant = await limiter.acquire({ tokens: 1200, signal });
 * const response = await send();
 * grant.reconcile(response.usage.total_tokens);
 * limiter.learn(response.headers, { sentAt: grant.grantedAt });
 * ```
 */
export function createTokenBucketLimiter(options: TokenBucketLimiterOptions = {}): RateLimiter {
  const { now, timers, maxWaitMs, burstFraction, rpm, tpm } = resolveLimiterOptions(options);
  const requests = createLimiterDimension('requests', rpm, { burstFraction, now });
  const tokens = createLimiterDimension('tokens', tpm, { burstFraction, now });
  const dimensions = [requests, tokens].filter(
    (item): item is LimiterDimension => item !== undefined,
  );
  const log = createGrantLog(now);
  const queue: LimiterWaiter[] = [];
  let pausedUntil = 0;
  let timer: unknown;
  let disposed = false;

  const fits = (cost: Record<LimiterKind, number>, time: number): boolean =>
    pausedUntil <= time && dimensions.every((item) => item.bucket.fits(cost[item.kind]));

  const grant = (cost: Record<LimiterKind, number>, waitedMs: number): RateLimitGrant => {
    for (const item of dimensions) item.bucket.take(cost[item.kind]);
    const grantedAt = now();
    return createLimiterGrant({
      cost,
      grantedAt,
      waitedMs,
      requestBucket: requests?.bucket,
      tokenBucket: tokens?.bucket,
      logEntry: log.record(grantedAt, cost.requests, cost.tokens),
      onSettle: () => schedule(),
    });
  };

  const snapshots = (): BucketSnapshot[] =>
    dimensions.map((item) => ({
      kind: item.kind,
      available: item.bucket.available(),
      capacity: item.bucket.capacity,
      ratePerMs: item.bucket.ratePerMs,
    }));

  function schedule(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    const time = now();
    while (queue.length > 0) {
      const head = queue[0] as LimiterWaiter;
      if (fits(head.cost, time)) {
        queue.shift();
        head.detach();
        head.resolve(grant(head.cost, time - head.enqueuedAt));
      } else if (head.deadline <= time) {
        queue.shift();
        head.detach();
        head.reject(
          waitTooLongError({
            waitMs: time - head.enqueuedAt,
            maxWaitMs,
            waitedMs: time - head.enqueuedAt,
          }),
        );
      } else break;
    }
    const head = queue[0];
    if (head === undefined) return;
    const readyAt = Math.max(
      pausedUntil,
      time +
        Math.max(0, ...dimensions.map((item) => item.bucket.msUntilFits(head.cost[item.kind]))),
    );
    const delay = Math.max(1, Math.ceil(Math.min(readyAt, head.deadline) - time));
    timer = timers.setTimeout(() => {
      timer = undefined;
      schedule();
    }, delay);
  }

  function acquire(request: RateLimitAcquireOptions): Promise<RateLimitGrant> {
    const cost = { requests: request.requests ?? 1, tokens: request.tokens ?? 0 };
    const { signal, onWait } = request;
    if (disposed) return Promise.reject(limiterClosedError());
    if (signal?.aborted === true) return Promise.reject(waitAbortedError(signal));
    for (const item of dimensions) {
      if (cost[item.kind] > item.bucket.limitPerMinute) {
        return Promise.reject(
          neverFitsError(item.kind, cost[item.kind], item.bucket.limitPerMinute),
        );
      }
    }
    const time = now();
    if (queue.length === 0 && fits(cost, time)) return Promise.resolve(grant(cost, 0));
    const projection = projectQueueWait({
      now: time,
      pausedUntil,
      buckets: snapshots(),
      costs: [...queue.map((waiter) => waiter.cost), cost],
    });
    const refused = projection.waitMs > maxWaitMs;
    onWait?.({ limit: projection.limit, waitMs: projection.waitMs, refused });
    if (refused) return Promise.reject(waitTooLongError({ waitMs: projection.waitMs, maxWaitMs }));
    const waiting = enqueueWaiter(queue, { cost, time, maxWaitMs, signal, onLeft: schedule });
    schedule();
    return waiting;
  }

  return {
    acquire,
    learn(headers, learnOptions = {}) {
      if (disposed) return;
      const values = readRateLimitHeaders(headers);
      const sentAt = learnOptions.sentAt ?? now();
      for (const item of dimensions) {
        const learned = values[item.kind];
        if (learned === undefined) continue;
        const grantedSince = log.since(sentAt)[item.kind];
        correctLimiterDimension(item, learned, { now: now(), sentAt, grantedSince });
      }
      schedule();
    },
    pause(untilMs) {
      if (disposed || !(untilMs > pausedUntil)) return;
      pausedUntil = untilMs;
      schedule();
    },
    health() {
      const time = now();
      return {
        requests: limiterDimensionHealth(requests),
        tokens: limiterDimensionHealth(tokens),
        waiters: queue.length,
        pausedUntil: pausedUntil > time ? pausedUntil : undefined,
      };
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      for (const waiter of queue.splice(0)) {
        waiter.detach();
        waiter.reject(limiterClosedError());
      }
    },
  };
}
