import type { RequestHandler } from 'express';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.js';

/**
 * `GET /metrics`: the registry's metrics in Prometheus text format.
 *
 * @param metrics - the gateway's metrics.
 */
export function metricsRoute(metrics: GatewayMetrics): RequestHandler {
  return async (_request, response) => {
    const text = await metrics.registry.metrics();
    response.type(metrics.registry.contentType).send(text);
  };
}
