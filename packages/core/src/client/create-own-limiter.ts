import type { ClientEventMap } from '../events/client-events.js';
import type { EventEmitter } from '../events/create-event-emitter.js';
import { createTokenBucketLimiter } from '../rate-limit/create-token-bucket-limiter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { createRedisRateLimiter } from '../redis/create-redis-rate-limiter.js';
import type { ClientRedis } from '../redis/open-client-redis.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';

/**
 * The built-in limiter, when a limit is set (with both off, no limiter runs):
 * in Redis when the client has Redis (its fallbacks reported as
 * `rateLimiterFallback`), in memory otherwise.
 *
 * @param resolved - the client's resolved options.
 * @param redis - the client's Redis, when it has one.
 * @param events - where backend changes are told.
 * @param deployment - a routed deployment's own limits, counted in Redis
 *   under `{namespace}:{deployment}`. @default the client's `rateLimit`
 */
export function createOwnLimiter(
  resolved: ResolvedClientOptions,
  redis: ClientRedis | undefined,
  events: EventEmitter<ClientEventMap>,
  deployment?: { rpm: number; tpm: number; namespace: string },
): RateLimiter | undefined {
  const { maxWaitMs, burstFraction } = resolved.rateLimit;
  const { rpm, tpm } = deployment ?? resolved.rateLimit;
  if (rpm === 0 && tpm === 0) return undefined;
  if (redis === undefined) return createTokenBucketLimiter({ rpm, tpm, maxWaitMs, burstFraction });
  const limiter = createRedisRateLimiter({
    connection: redis.connection,
    keyPrefix: redis.keyPrefix,
    namespace:
      deployment === undefined ? redis.namespace : `${redis.namespace}:${deployment.namespace}`,
    logger: resolved.logger,
    rpm,
    tpm,
    maxWaitMs,
    burstFraction,
  });
  limiter.onBackendChange(({ backend, reason }) =>
    events.emit('rateLimiterFallback', { active: backend === 'local-fallback', reason }),
  );
  return limiter;
}
