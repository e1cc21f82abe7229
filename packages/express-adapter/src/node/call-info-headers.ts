import type { CallInfo } from '@bulwark/core';

/**
 * The response headers for a call's facts: `x-bulwark-cache`,
 * `x-bulwark-attempts`, `x-bulwark-deployment` (with routes, the deployment
 * that answered), the upstream's `x-ratelimit-*` headers and
 * `x-bulwark-upstream-request-id`.
 *
 * @param info - what core reported through `onCallInfo`.
 */
export function callInfoHeaders(info: CallInfo): Record<string, string> {
  const headers: Record<string, string> = Object.assign({}, info.rateLimitHeaders);
  headers['x-bulwark-cache'] = info.cache;
  headers['x-bulwark-attempts'] = String(info.attempts);
  if (info.deployment !== undefined) headers['x-bulwark-deployment'] = info.deployment;
  if (info.upstreamRequestId !== undefined) {
    headers['x-bulwark-upstream-request-id'] = info.upstreamRequestId;
  }
  return headers;
}
