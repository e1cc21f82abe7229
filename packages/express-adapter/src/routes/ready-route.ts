import type { RequestHandler } from 'express';
import type { BulwarkClient } from '@bulwark/core';

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
 * @param client - the core client whose health is reported.
 */
export function readyRoute(client: BulwarkClient): RequestHandler {
  return (_request, response) => {
    const { circuit, redis, rateLimit } = client.health();
    const shared = {
      ...(redis === undefined ? {} : { redis }),
      ...(rateLimit?.backend === undefined ? {} : { rateLimit: rateLimit.backend }),
    };
    if (circuit === 'open') {
      response.status(503).json({ status: 'unavailable', circuit, ...shared });
      return;
    }
    const degraded = redis === 'unavailable' || rateLimit?.backend === 'local-fallback';
    response.json({ status: degraded ? 'degraded' : 'ready', circuit, ...shared });
  };
}
