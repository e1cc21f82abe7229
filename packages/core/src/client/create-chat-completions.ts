import { randomUUID } from 'node:crypto';
import type { Stream } from 'openai/core/streaming';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import type { UpstreamCompletion } from '../cache/response-cache.js';
import { AbortError, ServerError, ValidationError } from '../errors/errors.js';
import { runHooks } from '../hooks/run-hooks.js';
import { findModel } from '../models/find-model.js';
import { MAX_TIMER_MS } from '../policies/resilience-options.js';
import { createChatRequestSchema } from '../validation/chat-request-schema.js';
import { validateChatRequest } from '../validation/validate-chat-request.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import { CACHED_CALL_USAGE } from './cached-call-usage.js';
import type { ClientRuntime, PreparedCall } from './call-context.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
import type { CallOptions, ChatCompletions, ChatRequest } from './chat-completions.js';
import { measureUsage } from './measure-usage.js';
import { openChatStream } from './open-chat-stream.js';
import { pickRateLimitHeaders } from './pick-rate-limit-headers.js';
import { preflight } from './preflight.js';
import { reportCallInfo } from './report-call-info.js';

/**
 * Builds `client.chat.completions`: each call runs validate → preflight →
 * before hooks → cache and coalescing (`options.cache`, keyed on the request
 * as the hooks left it) → (bulkhead, retry, breaker, rate limiter, attempt
 * timeout: `runtime.execute`) → transport → after hooks → accounting →
 * events (DESIGN §2).
 *
 * @param runtime - what the calls of one client share.
 */
export function createChatCompletions(runtime: ClientRuntime): ChatCompletions {
  const { options, events, usage } = runtime;
  const schema = createChatRequestSchema(options.limits);

  async function prepare(
    params: ChatRequest,
    callOptions: CallOptions,
    callId: string,
  ): Promise<PreparedCall> {
    const model = params.model ?? options.model;
    const signal = callOptions.signal;
    if (runtime.isClosed()) throw new AbortError({ message: 'The client is closed' });
    if (signal?.aborted === true) throw new AbortError({ message: 'The request was aborted' });
    const { timeoutMs } = callOptions;
    if (
      timeoutMs !== undefined &&
      !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS)
    ) {
      const message = `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${timeoutMs}`;
      throw new ValidationError({
        message,
        param: 'timeoutMs',
        issues: [{ path: 'timeoutMs', message }],
      });
    }
    let request = validateChatRequest(schema, { ...params, model }) as ChatCompletionCreateParams;
    const modelInfo = findModel(options.models, model);
    const countPrompt = modelInfo === undefined ? undefined : await preflight(request, modelInfo);
    const hooks = options.hooks.beforeRequest;
    if (hooks.length > 0) {
      // Counted now: a hook may change the request it is given.
      countPrompt?.();
      request = await runHooks('beforeRequest', hooks, request, { callId, signal });
      request = validateChatRequest(schema, request) as ChatCompletionCreateParams;
    }
    return {
      callId,
      model: request.model,
      modelInfo,
      request,
      // Counted on first read only: most calls never need the exact figure.
      get promptTokens() {
        return countPrompt?.();
      },
      startedAt: performance.now(),
      signal,
      timeoutMs,
      requestId: callOptions.requestId,
      onCallInfo: callOptions.onCallInfo,
      cacheMode: callOptions.cache ?? 'default',
    };
  }

  async function complete(call: PreparedCall): Promise<ChatCompletion> {
    let attempts = 0;
    let headers: Headers | undefined;
    // Runs only when this call goes upstream itself: not on a hit, nor when it joins another call.
    const upstream = async (signal: AbortSignal | undefined): Promise<UpstreamCompletion> => {
      const rateLimit = await createCallRateLimit(runtime, call);
      const result = await runtime.execute(
        async ({ attempt, signal: attemptSignal }) => {
          attempts = attempt;
          try {
            const answer = await runtime.transport(call.request, {
              signal: attemptSignal,
              timeoutMs: call.timeoutMs,
              requestId: call.requestId,
            });
            rateLimit?.learn(attempt, answer.headers);
            rateLimit?.succeeded(
              attempt,
              answer.kind === 'completion' ? answer.completion.usage : undefined,
            );
            return answer;
          } catch (error) {
            rateLimit?.failed(attempt, error);
            throw error;
          }
        },
        { signal, timeoutMs: call.timeoutMs, beforeAttempt: rateLimit?.beforeAttempt },
      );
      headers = result.headers;
      if (result.kind !== 'completion') {
        throw new ServerError({
          message: 'The upstream answered with a stream',
          requestId: result.requestId,
        });
      }
      return { completion: result.completion, requestId: result.requestId };
    };
    const answer =
      options.cache === undefined
        ? { ...(await upstream(call.signal)), outcome: 'bypass' as const }
        : await options.cache.complete(
            call.request,
            {
              mode: call.cacheMode,
              signal: call.signal,
              onLookup: cacheLookupEvents(runtime, call, false),
            },
            upstream,
          );
    const fromCache = answer.outcome === 'hit' || answer.outcome === 'coalesced';
    const completion = await runHooks(
      'afterResponse',
      options.hooks.afterResponse,
      answer.completion,
      { callId: call.callId, signal: call.signal },
    );
    const callUsage = fromCache
      ? { ...CACHED_CALL_USAGE }
      : await measureUsage({
          usage: completion.usage,
          request: call.request,
          promptTokens: call.promptTokens,
          generatedText: completion.choices.map((choice) => choice.message.content ?? '').join(''),
          model: call.modelInfo,
        });
    usage.succeed(callUsage);
    events.emit('response', {
      callId: call.callId,
      model: call.model,
      stream: false,
      requestId: answer.requestId,
      usage: callUsage,
      latencyMs: performance.now() - call.startedAt,
    });
    reportCallInfo(
      call.onCallInfo,
      {
        attempts: fromCache ? 0 : attempts,
        cache: answer.outcome === 'coalesced' ? 'hit' : answer.outcome,
        upstreamRequestId: answer.requestId,
        rateLimitHeaders: headers === undefined ? {} : pickRateLimitHeaders(headers),
      },
      options.logger,
    );
    return completion;
  }

  async function create(
    params: ChatRequest,
    callOptions: CallOptions = {},
  ): Promise<ChatCompletion | Stream<ChatCompletionChunk>> {
    const startedAt = performance.now();
    const stream = params.stream === true;
    const callId = randomUUID();
    let call: PreparedCall | undefined;
    usage.start();
    try {
      call = await prepare(params, callOptions, callId);
      const prepared = call;
      events.emit('request', {
        callId: call.callId,
        model: call.model,
        stream,
        get promptTokens() {
          return prepared.promptTokens;
        },
      });
      if (stream) return await openChatStream(runtime, call);
      return await complete(call);
    } catch (caught) {
      const error = runtime.toBulwarkError(caught, callOptions.signal);
      usage.fail();
      events.emit('error', {
        callId,
        model: call?.model ?? params.model ?? options.model,
        stream,
        error,
        latencyMs: performance.now() - startedAt,
      });
      throw error;
    }
  }

  return { create } as ChatCompletions;
}
