import type { ClientHealth } from '@bulwark/core';

/** The answer of `GET /readyz`. */
export interface Readiness {
  /** 200, or 503 while calls cannot go upstream (circuit open, a route without a usable deployment). */
  status: 200 | 503;
  /**
   * `{ status, circuit, redis?, rateLimit?, routes?, deployments? }`: strings,
   * and with routes each route's and deployment's state from `health()`.
   */
  body: Record<string, unknown>;
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
 * With routes the answer also carries `routes` (`{ name: { usable } }`)
 * and `deployments` (`{ name: { circuit, usable, cooldownUntil? } }`) as
 * `health()` reports them: 200 while every route has a usable deployment,
 * else 503; `"status":"degraded"` while some deployment is unusable but
 * each route still has another to fall back on.
 *
 * @param health - the client's `health()`.
 */
export function readiness(health: ClientHealth): Readiness {
  const { circuit, redis, rateLimit, routes, deployments } = health;
  const shared = Object.assign(
    {},
    redis === undefined ? {} : { redis },
    rateLimit?.backend === undefined ? {} : { rateLimit: rateLimit.backend },
    routes === undefined ? {} : { routes },
    deployments === undefined ? {} : { deployments },
  );
  // With routes, `circuit` is derived from them (open while a route has no usable deployment).
  const unavailable = routes === undefined ? circuit === 'open' : !everyUsable(routes);
  if (unavailable) return { status: 503, body: { status: 'unavailable', circuit, ...shared } };
  const degraded =
    redis === 'unavailable' ||
    rateLimit?.backend === 'local-fallback' ||
    (deployments !== undefined && !everyUsable(deployments));
  return { status: 200, body: { status: degraded ? 'degraded' : 'ready', circuit, ...shared } };
}

/** Whether every entry is usable (`true` for none). */
function everyUsable(entries: Readonly<Record<string, { usable: boolean }>>): boolean {
  return Object.values(entries).every(({ usable }) => usable);
}
