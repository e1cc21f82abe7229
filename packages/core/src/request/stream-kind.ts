import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { UpstreamStream } from '../cache/response-cache.js';
import { ServerError } from '../errors/errors.js';
import { readChatStream, type ChatStreamSummary } from '../streaming/read-chat-stream.js';
import { CHAT_COMPLETIONS_PATH } from './attempt-request.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import type { CallKind, KindContext } from './call-kind.js';
import type { CallLease } from './call-lease.js';
import { CACHED_CALL_USAGE } from './cached-call-usage.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
import { measureUsage } from './measure-usage.js';
import { prepareCall } from './prepare-call.js';
import { readToContent, type StreamStart } from './read-to-content.js';
import { reportCallInfo } from './report-call-info.js';
import { StreamFacts, withoutUsage } from './stream-facts.js';
import { streamScope } from './stream-scope.js';
import type { CallSettlement } from './settle-call.js';
import { upstreamBody } from './upstream-body.js';

/** A stream whose first content has arrived (or which ended cleanly before any). */
interface OpenedStream extends StreamStart {
  /** The chunks after the first content. */
  chunks: AsyncGenerator<ChatCompletionChunk, ChatStreamSummary, undefined>;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
}

/**
 * The chunks of the stream the successful attempt opened: those read up to
 * the first content, then the rest as they arrive. At a clean end the stream's usage is
 * measured (the usage chunk, else counted) before the last step returns;
 * the lease is released however the stream ends.
 */
async function* readOpened(
  opened: OpenedStream,
  lease: CallLease,
  { call, facts }: KindContext,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  let ended = false;
  let tokens: { total_tokens: number } | undefined;
  try {
    for (const chunk of opened.held) yield chunk;
    let step = opened.step;
    while (step.done !== true) {
      yield step.value;
      step = await opened.chunks.next();
    }
    ended = true;
    const { generatedText } = step.value;
    facts.usage = await measureUsage({
      usage: step.value.usage,
      request: call.request,
      promptTokens: () => call.promptTokens,
      generatedText: () => generatedText,
      model: call.modelInfo,
    });
    tokens = { total_tokens: facts.usage.totalTokens };
  } finally {
    // A reader that stopped early: let the body reader cancel the body.
    if (!ended) {
      await opened.chunks.return({ usage: undefined, generatedText: '' }).catch(() => undefined);
    }
    lease.release(tokens);
  }
}

/**
 * The consumer's side: one iteration, which settles the call as it ends
 * (a clean end, a failure, or a consumer that stops early).
 */
function consume(
  answer: Parameters<typeof streamKind.deliver>[0],
  settlement: CallSettlement,
  { runtime, scope, facts, call }: KindContext,
): () => AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const signal = scope.signal as AbortSignal;
  const fromCache = answer.outcome === 'hit' || answer.outcome === 'coalesced';
  let consumed = false;
  // A stream cancelled before anyone reads it has ended: it no longer counts in flight.
  const abandonUnread = (): void => {
    if (!consumed) settlement.abandon();
  };
  scope.whenAborted?.(abandonUnread);
  return async function* iterate() {
    if (consumed)
      throw new TypeError('A stream can be iterated once; use stream.tee() to split it');
    consumed = true;
    let settled = false;
    // Bulwark always asks upstream for usage; the caller sees it only if it asked too.
    const stripUsage = call.request.stream_options?.include_usage !== true;
    const observed = call.trace.active ? new StreamFacts() : undefined;
    try {
      if (!stripUsage && observed === undefined) yield* answer.chunks;
      else {
        for await (const chunk of answer.chunks) {
          observed?.see(chunk);
          if (stripUsage && withoutUsage(chunk)) continue;
          yield chunk;
        }
      }
      settled = true;
      settlement.succeed(
        fromCache || facts.usage === undefined ? CACHED_CALL_USAGE : facts.usage,
        answer.requestId,
        observed,
      );
    } catch (caught) {
      const error = runtime.toBulwarkError(caught, signal);
      settled = true;
      settlement.fail(error);
      throw error;
    } finally {
      scope.release();
      if (!settled) {
        // The consumer stopped early: stop this call's upstream (or leave the shared one).
        scope.controller?.abort();
        settlement.abandon();
      }
    }
  };
}

/**
 * A streaming call: an attempt has succeeded once the first chunk has
 * arrived (when another deployment could answer instead, the first chunk
 * with content: a role-only opening chunk is held until then), so a stream
 * is retried, or falls over, only while nothing of the answer has reached
 * the caller; the attempt timeout (and, with routes, `firstChunkTimeoutMs`)
 * bounds the time to it. The
 * rest is not timed, but the call keeps its lease (bulkhead slot, limiter
 * grant) until the stream ends: read to the end, failed, or cancelled (the
 * consumer stops early, `stream.controller.abort()`, the caller's signal,
 * `client.close()`). The body is checked for integrity (`readChatStream`).
 */
export const streamKind: CallKind<OpenedStream, UpstreamStream, Stream<ChatCompletionChunk>> = {
  operation: 'chat',
  path: CHAT_COMPLETIONS_PATH,
  stream: true,
  prepare: prepareCall,
  body: (request, model) => upstreamBody(request, model, true),
  rateLimit: createCallRateLimit,

  scope: streamScope,

  async open(response, signal, { runtime, call }) {
    if (response.kind !== 'stream') {
      throw new ServerError({
        message: 'The upstream did not stream',
        requestId: response.requestId,
        retryable: false,
      });
    }
    const chunks = readChatStream(response.body, {
      requestId: response.requestId,
      headers: response.headers,
      mapReadError: (error) => runtime.toBulwarkError(error, signal),
    });
    // Held back only while another deployment could still answer instead.
    const untilContent = call.chain.deployments.length > 1;
    const start = await readToContent(chunks, untilContent);
    return Object.assign({ chunks }, start, { requestId: response.requestId });
  },

  finish: (opened, lease, context) => ({
    chunks: readOpened(opened, lease, context),
    requestId: opened.requestId,
  }),

  lookup: (cache, { runtime, call, scope, facts }, options, upstream) =>
    cache.stream(
      call.request,
      {
        mode: options.mode,
        signal: scope.signal,
        onLookup: cacheLookupEvents(runtime, call, true, facts),
      },
      upstream,
    ),

  deliver(answer, settlement, context) {
    // The first chunk has arrived: an attempt succeeds only once it has (or the cache holds it).
    settlement.firstChunkAt = performance.now();
    const { runtime, call, scope, facts } = context;
    reportCallInfo(call.onCallInfo, answer, facts, runtime.options.logger);
    const iterate = consume(answer, settlement, context);
    return new Stream<ChatCompletionChunk>(iterate, scope.controller as AbortController);
  },
};
