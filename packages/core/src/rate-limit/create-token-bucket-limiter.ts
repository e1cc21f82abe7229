import { AbortError } from '../errors/abort-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { createGrantLog, type GrantLogEntry } from './grant-log.js';
import { projectQueueWait, type BucketSnapshot } from './project-queue-wait.js';
import type {
  RateLimitAcquireOptions,
  RateLimitDimensionHealth,
  RateLimitGrant,
  RateLimiter,
} from './rate-limiter.js';
import { readRateLimitHeaders, type RateLimitHeaderValues } from './read-rate-limit-headers.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';
import {
  resolveLimiterOptions,
  type TokenBucketLimiterOptions,
} from './token-bucket-limiter-options.js';

type Kind = 'requests' | 'tokens';

interface Dimension {
  kind: Kind;
  bucket: TokenBucket;
  configuredLimit: number;
  learned: RateLimitDimensionHealth['learned'];
}

interface Waiter {
  cost: Record<Kind, number>;
  enqueuedAt: number;
  deadline: number;
  resolve: (grant: RateLimitGrant) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

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
  const dimension = (kind: Kind, limit: number): Dimension | undefined =>
    limit > 0
      ? {
          kind,
          bucket: createTokenBucket({ limitPerMinute: limit, burstFraction, now }),
          configuredLimit: limit,
          learned: undefined,
        }
      : undefined;
  const requests = dimension('requests', rpm);
  const tokens = dimension('tokens', tpm);
  const dimensions = [requests, tokens].filter((item): item is Dimension => item !== undefined);
  const log = createGrantLog(now);
  const queue: Waiter[] = [];
  let pausedUntil = 0;
  let timer: unknown;
  let disposed = false;

  const fits = (cost: Record<Kind, number>, time: number): boolean =>
    pausedUntil <= time && dimensions.every((item) => item.bucket.fits(cost[item.kind]));

  const grant = (cost: Record<Kind, number>, waitedMs: number): RateLimitGrant => {
    for (const item of dimensions) item.bucket.take(cost[item.kind]);
    const grantedAt = now();
    const entry: GrantLogEntry = log.record(grantedAt, cost.requests, cost.tokens);
    let settled = false;
    return {
      requests: cost.requests,
      tokens: cost.tokens,
      grantedAt,
      waitedMs,
      reconcile(actualTokens) {
        if (settled) return;
        settled = true;
        const difference = cost.tokens - Math.max(0, actualTokens);
        if (difference > 0) tokens?.bucket.give(difference);
        else tokens?.bucket.take(-difference);
        schedule();
      },
      release() {
        if (settled) return;
        settled = true;
        entry.requests = 0;
        entry.tokens = 0;
        requests?.bucket.give(cost.requests);
        tokens?.bucket.give(cost.tokens);
        schedule();
      },
    };
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
      const head = queue[0] as Waiter;
      if (fits(head.cost, time)) {
        queue.shift();
        head.detach();
        head.resolve(grant(head.cost, time - head.enqueuedAt));
      } else if (head.deadline <= time) {
        queue.shift();
        head.detach();
        head.reject(tooLong(time - head.enqueuedAt, time - head.enqueuedAt, true));
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

  function tooLong(waitMs: number, waitedMs: number, expired: boolean): RateLimitError {
    const message = expired
      ? `No rate-limit capacity within maxWaitMs (${maxWaitMs} ms) after waiting ${Math.round(waitedMs)} ms; nothing was sent`
      : `Rate-limit capacity is about ${Math.ceil(waitMs)} ms away, beyond maxWaitMs (${maxWaitMs} ms); nothing was sent`;
    // Not retryable: the pipeline retrying would only queue again (DESIGN §3: retryable upstream only).
    return new RateLimitError({
      message,
      local: true,
      retryable: false,
      retryAfterMs: Math.ceil(waitMs),
    });
  }

  function acquire(request: RateLimitAcquireOptions): Promise<RateLimitGrant> {
    const cost = { requests: request.requests ?? 1, tokens: request.tokens ?? 0 };
    const { signal, onWait } = request;
    if (disposed) return Promise.reject(closed());
    if (signal?.aborted === true) return Promise.reject(aborted(signal));
    for (const item of dimensions) {
      if (cost[item.kind] > item.bucket.limitPerMinute) {
        const message = `The request needs about ${cost[item.kind]} ${item.kind}, more than the whole limit of ${item.bucket.limitPerMinute} ${item.kind} per minute: it can never be sent. Lower max_tokens (or max_completion_tokens) or the prompt, or raise the limit`;
        return Promise.reject(new RateLimitError({ message, local: true, retryable: false }));
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
    if (refused) return Promise.reject(tooLong(projection.waitMs, 0, false));
    return new Promise<RateLimitGrant>((resolve, reject) => {
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
        reject(aborted(signal as AbortSignal));
        schedule();
      };
      const waiter: Waiter = {
        cost,
        enqueuedAt: time,
        deadline: time + maxWaitMs,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      schedule();
    });
  }

  function correct(item: Dimension, values: RateLimitHeaderValues, sentAt: number): void {
    const time = now();
    item.learned = { ...values, at: time };
    if (values.limit !== undefined && values.limit > 0) {
      const limit = Math.min(item.configuredLimit, values.limit);
      if (limit !== item.bucket.limitPerMinute) item.bucket.setLimit(limit);
    }
    if (values.remaining === undefined) return;
    // The headers describe the upstream when it answered this request: take
    // off what was granted since and add what the upstream regained since.
    const limit = values.limit ?? item.bucket.limitPerMinute;
    const regainPerMs = Math.max(
      limit / 60_000,
      values.resetMs !== undefined && values.resetMs > 0
        ? (limit - values.remaining) / values.resetMs
        : 0,
    );
    const upstream =
      values.remaining - log.since(sentAt)[item.kind] + Math.max(0, time - sentAt) * regainPerMs;
    if (upstream < item.bucket.available()) item.bucket.lowerTo(upstream);
  }

  return {
    acquire,
    learn(headers, learnOptions = {}) {
      if (disposed) return;
      const values = readRateLimitHeaders(headers);
      const sentAt = learnOptions.sentAt ?? now();
      for (const item of dimensions) {
        const learned = values[item.kind];
        if (learned !== undefined) correct(item, learned, sentAt);
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
      const report = (item: Dimension | undefined): RateLimitDimensionHealth | undefined =>
        item === undefined
          ? undefined
          : {
              limit: item.bucket.limitPerMinute,
              configuredLimit: item.configuredLimit,
              capacity: item.bucket.capacity,
              available: item.bucket.available(),
              learned: item.learned,
            };
      return {
        requests: report(requests),
        tokens: report(tokens),
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
        waiter.reject(closed());
      }
    },
  };
}

function aborted(signal: AbortSignal): AbortError {
  return new AbortError({
    message: 'The wait for rate-limit capacity was aborted',
    cause: signal.reason,
  });
}

function closed(): AbortError {
  return new AbortError({ message: 'The rate limiter was closed' });
}
