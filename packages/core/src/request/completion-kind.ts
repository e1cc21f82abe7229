import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { UpstreamCompletion } from '../cache/response-cache.js';
import { runHooks } from '../hooks/run-hooks.js';
import { CHAT_COMPLETIONS_PATH } from './attempt-request.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import { callerScope, openJson } from './json-kind.js';
import type { CallKind } from './call-kind.js';
import { CACHED_CALL_USAGE } from './cached-call-usage.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
import { measureUsage } from './measure-usage.js';
import { prepareCall } from './prepare-call.js';
import { reportCallInfo } from './report-call-info.js';
import { withRequestId } from './with-request-id.js';
import type { ResponseFacts } from '../telemetry/call-trace.js';
import { upstreamBody } from './upstream-body.js';

function isCompletion(body: unknown): body is ChatCompletion {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as { choices?: unknown }).choices)
  );
}

/**
 * A non-streaming call: an attempt has succeeded once its JSON body is
 * parsed; the lease is released at once, with the answer's `usage`. The
 * answer then goes through the after hooks, usage accounting and the
 * `response` event before the caller gets it.
 */
export const completionKind: CallKind<UpstreamCompletion, UpstreamCompletion, ChatCompletion> = {
  operation: 'chat',
  path: CHAT_COMPLETIONS_PATH,
  stream: false,
  prepare: prepareCall,
  body: (request, model) => upstreamBody(request, model, false),
  rateLimit: createCallRateLimit,

  scope: callerScope,

  open: (response) => ({
    completion: openJson(response, isCompletion, 'a chat completion'),
    requestId: response.requestId,
  }),

  finish(opened, lease) {
    lease.release(opened.completion.usage);
    return opened;
  },

  lookup: (cache, { runtime, call, scope, facts }, options, upstream) =>
    cache.complete(
      call.request,
      // Field by field, not spread: this runs on every call.
      {
        mode: options.mode,
        signal: scope.signal,
        onLookup: cacheLookupEvents(runtime, call, false, facts),
      },
      upstream,
    ),

  async deliver(answer, settlement, { runtime, call, facts }) {
    const { options } = runtime;
    const fromCache = answer.outcome === 'hit' || answer.outcome === 'coalesced';
    const hooks = options.hooks.afterResponse;
    const completion =
      hooks.length === 0
        ? answer.completion
        : await runHooks('afterResponse', hooks, answer.completion, {
            callId: call.callId,
            signal: call.signal,
          });
    let usage = CACHED_CALL_USAGE;
    if (!fromCache) {
      const measured = measureUsage({
        usage: completion.usage,
        request: call.request,
        promptTokens: () => call.promptTokens,
        // Joined only when the upstream sent no usage and the text must be counted.
        generatedText: () =>
          completion.choices.map((choice) => choice.message.content ?? '').join(''),
        model: call.modelInfo,
      });
      // Awaited only when counting: the usual answer carries its usage.
      usage = measured instanceof Promise ? await measured : measured;
    }
    withRequestId(completion, answer.requestId);
    settlement.succeed(
      usage,
      answer.requestId,
      call.trace.active ? completionFacts(completion) : undefined,
    );
    reportCallInfo(call.onCallInfo, answer, facts, options.logger);
    return completion;
  },
};

/** What a completion says of itself, for the call's span. */
function completionFacts(completion: ChatCompletion): ResponseFacts {
  return {
    id: completion.id,
    model: completion.model,
    finishReasons: completion.choices.map((choice) => choice.finish_reason),
    output: () => completion.choices.map((choice) => choice.message),
  };
}
