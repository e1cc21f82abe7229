import type { CacheOutcome } from '../cache/response-cache.js';
import type { Logger } from '../logging/logger.js';
import type { CallInfo } from '../client/call-info.js';
import type { UpstreamFacts } from './call-kind.js';

/** The `x-ratelimit-*` headers of the answering attempt, names in lower case. */
function rateLimitHeaders(facts: UpstreamFacts | undefined): Record<string, string> {
  const picked: Record<string, string> = {};
  if (facts?.headers === undefined) return picked;
  for (const [name, value] of facts.headers.entries()) {
    if (name.startsWith('x-ratelimit-')) picked[name] = value;
  }
  return picked;
}

/**
 * Tells the caller's `onCallInfo` listener the call's facts. A listener
 * that throws is logged (its error's kind only, never its text) and ignored.
 *
 * @param listener - the caller's listener, if any.
 * @param answer - how the cache handled the call, and the upstream request id.
 * @param facts - the answering attempt; `undefined` when the cache answered.
 * @param logger - where a throwing listener is reported.
 */
export function reportCallInfo(
  listener: ((info: CallInfo) => void) | undefined,
  answer: { outcome: CacheOutcome; requestId: string | undefined },
  facts: UpstreamFacts | undefined,
  logger: Logger,
): void {
  if (listener === undefined) return;
  try {
    listener({
      attempts: facts?.attempts ?? 0,
      cache: answer.outcome === 'coalesced' ? 'hit' : answer.outcome,
      upstreamRequestId: answer.requestId,
      rateLimitHeaders: rateLimitHeaders(facts),
      deployment: facts?.deployment,
    });
  } catch (error) {
    logger.warn(
      { error: error instanceof Error ? error.name : typeof error },
      'An onCallInfo listener threw',
    );
  }
}
