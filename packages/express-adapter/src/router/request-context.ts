import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '@bulwark/core';
import type { GatewayMetrics } from '../metrics/create-gateway-metrics.js';

/** What the gateway knows about one HTTP request while it is handled. */
export interface RequestContext {
  /** The caller's `x-request-id` when it is usable, else a generated UUID. */
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** Who the per-caller limit counts this request against (`key:…` or `ip:…`). */
  caller: string | undefined;
  /** The prompt, kept for the request's log line only when prompt logging is on. */
  prompt: unknown;
  /** The error code the request ended with, for the log line. */
  errorCode: string | undefined;
}

const CONTEXT = Symbol('bulwark.requestContext');
// Printable ASCII, as OpenAI accepts for a client request id; anything else is replaced.
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The context of a request handled by the gateway router.
 *
 * @param response - the Express response.
 * @throws TypeError when the request did not pass through the gateway router.
 */
export function getRequestContext(response: Response): RequestContext {
  const context = findRequestContext(response);
  if (context === undefined) throw new TypeError('The request did not pass the gateway router');
  return context;
}

/**
 * The context of a request, or `undefined` when it did not pass the gateway router.
 *
 * @param response - the Express response.
 */
export function findRequestContext(response: Response): RequestContext | undefined {
  return (response.locals as Record<symbol, RequestContext | undefined>)[CONTEXT];
}

/** Options of {@link createRequestContext}. */
export interface RequestContextOptions {
  /** Where the request's log line goes. */
  logger: Logger;
  /** Where the request is counted and timed. */
  metrics: GatewayMetrics | undefined;
}

/**
 * Middleware that gives each request its id (echoed as `x-request-id`),
 * and, once the response is done or the client went away, writes one log
 * line (request id, method, route, status, latency) and records the
 * request's metrics. A request whose client disconnected before the answer
 * was complete is recorded with status 499.
 *
 * @param options - logger and metrics.
 */
export function createRequestContext(options: RequestContextOptions): RequestHandler {
  const { logger, metrics } = options;
  return (request: Request, response: Response, next: NextFunction) => {
    const incoming = request.get('x-request-id');
    const context: RequestContext = {
      requestId:
        incoming !== undefined && USABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      startedAt: performance.now(),
      caller: undefined,
      prompt: undefined,
      errorCode: undefined,
    };
    (response.locals as Record<symbol, RequestContext>)[CONTEXT] = context;
    response.setHeader('x-request-id', context.requestId);
    response.once('close', () => {
      const latencyMs = performance.now() - context.startedAt;
      const status = response.writableFinished ? response.statusCode : 499;
      const route = routeOf(request);
      metrics?.recordRequest({ route, method: request.method, status, seconds: latencyMs / 1000 });
      const fields: Record<string, unknown> = {
        requestId: context.requestId,
        method: request.method,
        route,
        status,
        latencyMs: Math.round(latencyMs * 1000) / 1000,
      };
      if (context.caller !== undefined) fields['caller'] = context.caller;
      if (context.errorCode !== undefined) fields['errorCode'] = context.errorCode;
      if (context.prompt !== undefined) fields['prompt'] = context.prompt;
      logger.info(fields, 'request');
    });
    next();
  };
}

/** The matched route's pattern, never the raw path, so metric labels stay bounded. */
function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? request.baseUrl + path : 'unmatched';
}
