import type { RequestHandler } from 'express';
import type { BulwarkClient } from '@bulwark/core';

/**
 * `GET /readyz`: 200 `{"status":"ready","circuit":…}` while calls can go
 * upstream; 503 `{"status":"unavailable","circuit":"open"}` while the
 * circuit breaker is open, so a load balancer sends traffic elsewhere.
 *
 * @param client - the core client whose health is reported.
 */
export function readyRoute(client: BulwarkClient): RequestHandler {
  return (_request, response) => {
    const { circuit } = client.health();
    if (circuit === 'open') {
      response.status(503).json({ status: 'unavailable', circuit });
      return;
    }
    response.json({ status: 'ready', circuit });
  };
}
