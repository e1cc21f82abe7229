import type { ClientHealth } from '@bulwark/core';

/** The answer of `GET /readyz`. */
export interface Readiness {
  /** 200, or 503 while the circuit is open. */
  status: 200 | 503;
  /** `{ status, circuit, redis?, rateLimit? }`. */
  body: Record<string, string>;
}

/**
 * `GET /readyz`: 200 `{"status":"ready","circuit":…}` while calls can go
 * upstream; 503 `{"status":"unavailable","circuit":"open"}` while the
 * circuit breaker is open, so a load balancer sends traffic elsewhere.
 *
 * With Redis (`BULWARK_REDIS_URL`) the answer also carries `redis`
 * (`ready` or `unavailable`) and, when rate limits are on, `rateLimit`
 * (`redis`, or `local-fallback` while the limits hold for this instance
 * alone). An instance whose Redis is down still serves (the cache misses,
 * the limits are local), so it stays ready: 200 with `"status":"degraded"`,
 * for dashboards and alerts rather than for taking it out of rotation.
 *
 * @param health - the client's `health()`.
 */
export function readiness(health: ClientHealth): Readiness {
  const { circuit, redis, rateLimit } = health;
  const shared = {
    ...(redis === undefined ? {} : { redis }),
    ...(rateLimit?.backend === undefined ? {} : { rateLimit: rateLimit.backend }),
  };
  if (circuit === 'open')
    return { status: 503, body: { status: 'unavailable', circuit, ...shared } };
  const degraded = redis === 'unavailable' || rateLimit?.backend === 'local-fallback';
  return { status: 200, body: { status: degraded ? 'degraded' : 'ready', circuit, ...shared } };
}
