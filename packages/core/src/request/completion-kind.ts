import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Cached, UpstreamCompletion } from '../cache/response-cache.js';
import type { CallUsage } from '../events/client-events.js';
import { runHooks } from '../hooks/run-hooks.js';
import { CHAT_COMPLETIONS_PATH } from './attempt-request.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import { callerScope, openJson } from './json-kind.js';
import type { CallKind, KindContext } from './call-kind.js';
import type { CallSettlement } from './settle-call.js';
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

  deliver(answer, settlement, context) {
    const { options } = context.runtime;
    const hooks = options.hooks.afterResponse;
    if (hooks.length === 0) return settle(answer.completion, answer, settlement, context);
    return runHooks('afterResponse', hooks, answer.completion, {
      callId: context.call.callId,
      signal: context.call.signal,
    }).then((completion) => settle(completion, answer, settlement, context));
  },
};

/**
 * Accounts for the completion the caller gets (its usage, or a count when
 * the upstream sent none), tags it with the request id, settles the call
 * and reports its facts. Without a promise when the usage came with the
 * answer (the usual case) or the cache answered.
 */
function settle(
  completion: ChatCompletion,
  answer: Cached<UpstreamCompletion>,
  settlement: CallSettlement,
  context: KindContext,
): ChatCompletion | Promise<ChatCompletion> {
  const { call } = context;
  if (answer.outcome === 'hit' || answer.outcome === 'coalesced') {
    return done(completion, CACHED_CALL_USAGE, answer, settlement, context);
  }
  const measured = measureUsage({
    usage: completion.usage,
    request: call.request,
    promptTokens: () => call.promptTokens,
    // Joined only when the upstream sent no usage and the text must be counted.
    generatedText: () => completion.choices.map((choice) => choice.message.content ?? '').join(''),
    model: call.modelInfo,
  });
  return measured instanceof Promise
    ? measured.then((usage) => done(completion, usage, answer, settlement, context))
    : done(completion, measured, answer, settlement, context);
}

/** The call's last step: tags the completion with its request id, settles the call, reports it. */
function done(
  completion: ChatCompletion,
  usage: CallUsage,
  answer: Cached<UpstreamCompletion>,
  settlement: CallSettlement,
  { runtime, call, facts }: KindContext,
): ChatCompletion {
  withRequestId(completion, answer.requestId);
  settlement.succeed(
    usage,
    answer.requestId,
    call.trace.active ? completionFacts(completion) : undefined,
  );
  reportCallInfo(call.onCallInfo, answer, facts, runtime.options.logger);
  return completion;
}

/** What a completion says of itself, for the call's span. */
function completionFacts(completion: ChatCompletion): ResponseFacts {
  return {
    id: completion.id,
    model: completion.model,
    finishReasons: completion.choices.map((choice) => choice.finish_reason),
    output: () => completion.choices.map((choice) => choice.message),
  };
}
