import { estimateRequestTokens } from '../rate-limit/estimate-request-tokens.js';
import {
  createAttemptRateLimit,
  type AttemptRateLimit,
} from '../rate-limit/create-attempt-rate-limit.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * Prepares the rate-limit side of one call on a deployment with a limiter:
 * estimates one attempt's tokens (the preflight's prompt count, or a
 * `cl100k_base` count for a model the table does not know, plus the
 * completion reserve times `n`) and reports waits, refusals and upstream
 * 429 pauses as `rateLimited` events.
 *
 * @param runtime - what the calls of the client share.
 * @param call - the prepared call.
 * @param limiter - the deployment's limiter.
 * @returns the per-attempt steps.
 */
export async function createCallRateLimit(
  runtime: ClientRuntime,
  call: PreparedCall,
  limiter: RateLimiter,
): Promise<AttemptRateLimit> {
  const { request } = call;
  const promptTokens =
    call.promptTokens ??
    countPromptTokens(request, await loadTokenCounter(call.modelInfo?.encoding ?? 'cl100k_base'));
  const tokens = await estimateRequestTokens({
    request,
    promptTokens,
    defaultCompletionTokens: runtime.options.rateLimit.defaultCompletionTokens,
  });
  return limitCall(
    runtime,
    call,
    limiter,
    tokens,
    promptTokens,
    request.max_completion_tokens ?? request.max_tokens,
    request.n,
  );
}

/**
 * The per-attempt rate-limit steps of a call whose tokens are estimated:
 * waits, refusals and upstream 429 pauses reported as `rateLimited` events
 * and span events.
 *
 * @param runtime - what the calls of the client share.
 * @param call - the prepared call.
 * @param limiter - the deployment's limiter.
 * @param tokens - one attempt's estimated tokens.
 * @param promptTokens - the prompt part of `tokens`.
 * @param requestedCompletionTokens - the request's completion limit, if it set one.
 * @param choices - the request's `n`.
 */
export function limitCall(
  runtime: ClientRuntime,
  call: PreparedCall<unknown>,
  limiter: RateLimiter,
  tokens: number,
  promptTokens: number,
  requestedCompletionTokens: number | null | undefined,
  choices: number | null | undefined,
): AttemptRateLimit {
  return createAttemptRateLimit({
    limiter,
    tokens,
    promptTokens,
    requestedCompletionTokens,
    choices,
    onWait: ({ limit, waitMs }) => {
      runtime.events.emit('rateLimited', { limit, waitMs });
      call.trace.event('bulwark.rate_limit.wait', {
        'bulwark.rate_limit.limit': limit,
        'bulwark.rate_limit.wait_ms': waitMs,
      });
    },
    onPause: (waitMs) => {
      runtime.events.emit('rateLimited', { limit: 'upstream', waitMs });
      call.trace.event('bulwark.rate_limit.wait', {
        'bulwark.rate_limit.limit': 'upstream',
        'bulwark.rate_limit.wait_ms': waitMs,
      });
    },
  });
}
