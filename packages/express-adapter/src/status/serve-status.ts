import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Secret } from '@bulwark/core';
import { GatewayHttpError } from '../node/gateway-http-error.js';
import type { RequestContext } from '../node/request-context.js';
import { sendAnswer } from '../node/send-answer.js';
import { createStatusAccessCheck } from './check-status-access.js';
import type { StatusCollector } from './create-status-collector.js';
import { STATUS_PAGE } from './status-page-html.js';

/** The status routes: the page (`GET /`) and its data (`GET /bulwark/status`). */
export type StatusRouteName = 'status-page' | 'status-data';

/** Serves one status route; see {@link createStatusRoutes}. */
export type StatusRoutes = (
  request: IncomingMessage,
  response: ServerResponse,
  context: RequestContext,
  route: StatusRouteName,
) => void;

const NEVER_STORED = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const PAGE_HEADERS = {
  ...NEVER_STORED,
  'content-security-policy': STATUS_PAGE.contentSecurityPolicy,
  'x-frame-options': 'DENY',
} as const;

const DATA_HEADERS = {
  ...NEVER_STORED,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

/**
 * The status page and its data route, behind the gateway keys when there
 * are any (Bearer, or HTTP Basic with the key as password; otherwise a 401
 * `invalid_api_key` with `www-authenticate: Basic realm="bulwark"`), open
 * without keys. Both answers carry `cache-control: no-store`; the page a
 * Content-Security-Policy that allows nothing but its own inline style and
 * script and requests to its own origin.
 *
 * @param collector - the numbers the data route serves.
 * @param apiKeys - the gateway keys; empty for an open page.
 * @returns the route handler; it throws the 401 as a `GatewayHttpError`.
 */
export function createStatusRoutes(
  collector: StatusCollector,
  apiKeys: readonly (string | Secret)[],
): StatusRoutes {
  const check = apiKeys.length === 0 ? undefined : createStatusAccessCheck(apiKeys);
  return (request, response, context, route) => {
    if (check !== undefined) {
      const caller = check(request.headers.authorization);
      if (caller instanceof GatewayHttpError) throw caller;
      context.caller = caller;
    }
    if (route === 'status-page') {
      sendAnswer(
        response,
        context,
        200,
        STATUS_PAGE.html,
        PAGE_HEADERS,
        'text/html; charset=utf-8',
      );
      return;
    }
    sendAnswer(response, context, 200, JSON.stringify(collector.snapshot()), DATA_HEADERS);
  };
}
