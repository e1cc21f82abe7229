import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@bulwark/core';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.js';
import type { StatusCollector } from '../status/create-status-collector.js';
import { logRequestLine, type RequestLineFields } from '../logging/request-line.js';
import { returnCallAbort } from './call-abort-pool.js';
import type { RequestContext } from './request-context.js';

/** Records one finished request; see {@link createRequestRecorder}. */
export type RequestRecorder = (
  request: IncomingMessage,
  response: ServerResponse,
  context: RequestContext,
  traffic: boolean,
) => void;

/**
 * What happens once a response is done or its client went away: the core
 * call still running is aborted (client gone), the request is counted and
 * timed in the metrics, and one log line is written (request id, method,
 * route, status, latency, caller, the store key's name, error code, the deployment that
 * answered when core named one, the call's `promptTokens`,
 * `completionTokens`, `cachedTokens` and `costUsd` when core reported
 * them (a call that completed; zeros for a cache hit), and the prompt when
 * prompt logging is on);
 * a call answered by a deployment is counted for it. A request whose
 * client disconnected before the answer was complete is recorded with
 * status 499. An API request (`traffic`: under `/v1`) is also counted by
 * the status page's collector.
 *
 * @param options - logger, metrics and status collector.
 */
export function createRequestRecorder(options: {
  logger: Logger;
  metrics: GatewayMetrics | undefined;
  status?: StatusCollector | undefined;
}): RequestRecorder {
  const { logger, metrics, status: collector } = options;
  return (request, response, context, traffic) => {
    const finished = response.writableFinished;
    if (!finished) context.abort?.abort(new Error('The client disconnected'));
    returnCallAbort(context.abort);
    const latencyMs = performance.now() - context.startedAt;
    const status = finished ? response.statusCode : 499;
    const method = request.method ?? 'GET';
    metrics?.recordRequest({ route: context.route, method, status, seconds: latencyMs / 1000 });
    if (traffic) collector?.recordRequest({ route: context.route, status, latencyMs });
    const deployment = context.callInfo?.deployment;
    if (deployment !== undefined) metrics?.recordDeploymentAnswer(deployment);
    const fields: RequestLineFields = {
      requestId: context.requestId,
      method,
      route: context.route,
      status,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
    };
    if (context.caller !== undefined) fields['caller'] = context.caller;
    const key = context.key?.name;
    if (key !== undefined) {
      fields['keyName'] = key;
      metrics?.keys.recordRequest(key, context.usage);
    }
    if (context.errorCode !== undefined) fields['errorCode'] = context.errorCode;
    if (deployment !== undefined) fields['deployment'] = deployment;
    const usage = context.usage;
    if (usage !== undefined) {
      fields['promptTokens'] = usage.promptTokens;
      fields['completionTokens'] = usage.completionTokens;
      fields['cachedTokens'] = usage.cachedTokens;
      fields['costUsd'] = usage.costUsd;
    }
    if (context.prompt === undefined) logRequestLine(logger, fields);
    else logger.info(Object.assign({}, fields, { prompt: context.prompt }), 'request');
  };
}
