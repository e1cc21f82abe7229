import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Cached, UpstreamStream } from '../cache/response-cache.js';
import { ServerError } from '../errors/errors.js';
import type { CallUsage } from '../events/client-events.js';
import { readChatStream, type ChatStreamSummary } from '../streaming/read-chat-stream.js';
import type { AttemptRateLimit } from '../rate-limit/create-attempt-rate-limit.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import { CACHED_CALL_USAGE } from './cached-call-usage.js';
import type { ClientRuntime, PreparedCall } from './call-context.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
import { createStreamEnd } from './create-stream-end.js';
import { measureUsage } from './measure-usage.js';
import { pickRateLimitHeaders } from './pick-rate-limit-headers.js';
import { reportCallInfo } from './report-call-info.js';

/** A stream whose first chunk has arrived (or which ended before any chunk). */
interface OpenedStream {
  /** The chunks after the first. */
  chunks: AsyncGenerator<ChatCompletionChunk, ChatStreamSummary, undefined>;
  /** The first step of `chunks`, already read. */
  first: IteratorResult<ChatCompletionChunk, ChatStreamSummary>;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
  /** The upstream response headers. */
  headers: Headers;
}

/**
 * Sends a streaming call and returns the SDK's `Stream` over its chunks,
 * read with integrity checks ({@link readChatStream}).
 *
 * One attempt of the resilience pipeline is: send the request, then read up
 * to the first chunk. So a stream that fails before its first chunk (an error
 * status, a reset, a truncated or malformed body, an error frame) is retried
 * like any call, and the attempt timeout bounds the time to the first chunk;
 * once that chunk has arrived the attempt has succeeded, the chunk is handed
 * to the consumer first, and a later failure goes to the consumer, never
 * retried. The rest of the stream is not timed, but the call keeps its
 * bulkhead slot (and counts in `health().inFlight`) until the stream ends:
 * read to its end, failed, or cancelled (the consumer stops early,
 * `stream.controller.abort()`, the caller's signal, `client.close()`). A
 * stream that is never read holds its slot until one of those cancels it.
 *
 * With a cache, a cacheable stream is looked up first: a stored stream is
 * replayed with its chunking, an identical stream in flight is joined (every
 * reader gets every chunk from the first), and otherwise this call's stream
 * is recorded as it is read, and stored once it ends cleanly.
 *
 * The call settles when the stream does: a clean end records usage (the usage
 * chunk, else counted) and emits `response`; a failure emits `error` and is
 * thrown to the consumer; a consumer that stops early aborts the upstream
 * request (a shared one once every reader has stopped). `stream.controller.abort()`, the caller's signal and
 * `client.close()` all cancel it.
 *
 * @param runtime - what the calls of the client share.
 * @param call - the prepared call (`stream: true`).
 */
export async function openChatStream(
  runtime: ClientRuntime,
  call: PreparedCall,
): Promise<Stream<ChatCompletionChunk>> {
  const controller = new AbortController();
  const abort = (): void => controller.abort(call.signal?.reason);
  if (call.signal?.aborted === true) abort();
  call.signal?.addEventListener('abort', abort, { once: true });
  const forget = runtime.trackStream(controller);
  const release = (): void => {
    call.signal?.removeEventListener('abort', abort);
    forget();
  };
  // A stream cancelled before anyone reads it holds on to nothing either.
  controller.signal.addEventListener('abort', release, { once: true });
  const mapError = (error: unknown) => runtime.toBulwarkError(error, controller.signal);

  let openedAttempt = 0;
  let headers: Headers | undefined;
  let upstreamUsage: CallUsage | undefined;

  /** This call's own upstream stream; `signal` is the call's, or the shared flight's when cached. */
  async function upstream(signal: AbortSignal): Promise<UpstreamStream> {
    const rateLimit = await createCallRateLimit(runtime, call);
    // The stream keeps its bulkhead slot until it has been read, has failed or was cancelled.
    const streamEnd = createStreamEnd(signal);
    const opened = await runtime.execute(
      async ({ attempt, signal: attemptSignal }): Promise<OpenedStream> => {
        try {
          // The attempt's signal stops following the call once the attempt has
          // succeeded; the stream's own signal keeps cancelling the body.
          const requestSignal = AbortSignal.any([attemptSignal, signal]);
          const result = await runtime.transport(call.request, {
            signal: requestSignal,
            timeoutMs: call.timeoutMs,
            requestId: call.requestId,
          });
          rateLimit?.learn(attempt, result.headers);
          if (result.kind !== 'stream') {
            throw new ServerError({
              message: 'The upstream did not stream',
              requestId: result.requestId,
              retryable: false,
            });
          }
          const chunks = readChatStream(result.response, {
            requestId: result.requestId,
            mapReadError: (error) => runtime.toBulwarkError(error, signal),
          });
          const first = await chunks.next();
          openedAttempt = attempt;
          return { chunks, first, requestId: result.requestId, headers: result.headers };
        } catch (error) {
          rateLimit?.failed(attempt, error);
          throw error;
        }
      },
      {
        signal,
        timeoutMs: call.timeoutMs,
        beforeAttempt: rateLimit?.beforeAttempt,
        holdSlotUntil: streamEnd.ended,
      },
    );
    headers = opened.headers;
    return { chunks: readOpened(opened, rateLimit, streamEnd.end), requestId: opened.requestId };
  }

  /**
   * The chunks of an opened stream; at its clean end, measures usage and
   * settles the rate limit. `onEnd` runs once it has ended in any way.
   */
  async function* readOpened(
    opened: OpenedStream,
    rateLimit: AttemptRateLimit | undefined,
    onEnd: () => void,
  ): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    let ended = false;
    try {
      let step = opened.first;
      while (step.done !== true) {
        yield step.value;
        step = await opened.chunks.next();
      }
      ended = true;
      upstreamUsage = await measureUsage({
        usage: step.value.usage,
        request: call.request,
        promptTokens: call.promptTokens,
        generatedText: step.value.generatedText,
        model: call.modelInfo,
      });
      // The stream's usage (reported or counted) settles its rate-limit tokens.
      rateLimit?.succeeded(openedAttempt, { total_tokens: upstreamUsage.totalTokens });
    } finally {
      // A reader that stopped early: let the body reader clean up.
      if (!ended) {
        await opened.chunks.return({ usage: undefined, generatedText: '' }).catch(() => undefined);
      }
      onEnd();
    }
  }

  let answer: Cached<UpstreamStream>;
  try {
    const cache = runtime.options.cache;
    answer =
      cache === undefined
        ? { ...(await upstream(controller.signal)), outcome: 'bypass', key: undefined }
        : await cache.stream(
            call.request,
            {
              mode: call.cacheMode,
              signal: controller.signal,
              onLookup: cacheLookupEvents(runtime, call, true),
            },
            (signal) => upstream(signal ?? controller.signal),
          );
  } catch (error) {
    release();
    throw error;
  }
  const fromCache = answer.outcome === 'hit' || answer.outcome === 'coalesced';
  reportCallInfo(
    call.onCallInfo,
    {
      attempts: fromCache ? 0 : openedAttempt,
      cache: answer.outcome === 'coalesced' ? 'hit' : answer.outcome,
      upstreamRequestId: answer.requestId,
      rateLimitHeaders: headers === undefined ? {} : pickRateLimitHeaders(headers),
    },
    runtime.options.logger,
  );
  let consumed = false;
  let usageSettled = false;
  /** Settles the call in the usage tracker, once whatever ends it first. */
  const settleUsage = (settle: () => void): void => {
    if (usageSettled) return;
    usageSettled = true;
    settle();
  };
  // A stream cancelled before anyone reads it has ended: it no longer counts in flight.
  const abandonUnread = (): void => {
    if (!consumed) settleUsage(() => runtime.usage.abandon());
  };
  if (controller.signal.aborted) abandonUnread();
  else controller.signal.addEventListener('abort', abandonUnread, { once: true });

  async function* iterate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    if (consumed)
      throw new TypeError('A stream can be iterated once; use stream.tee() to split it');
    consumed = true;
    let settled = false;
    try {
      yield* answer.chunks;
      // This call's own upstream stream measured its usage before its last chunk was released.
      const usage = fromCache || upstreamUsage === undefined ? CACHED_CALL_USAGE : upstreamUsage;
      settled = true;
      settleUsage(() => runtime.usage.succeed(usage));
      runtime.events.emit('response', {
        callId: call.callId,
        model: call.model,
        stream: true,
        requestId: answer.requestId,
        usage: { ...usage },
        latencyMs: performance.now() - call.startedAt,
      });
    } catch (caught) {
      const error = mapError(caught);
      settled = true;
      settleUsage(() => runtime.usage.fail());
      runtime.events.emit('error', {
        callId: call.callId,
        model: call.model,
        stream: true,
        error,
        latencyMs: performance.now() - call.startedAt,
      });
      throw error;
    } finally {
      release();
      if (!settled) {
        // The consumer stopped early: stop this call's upstream (or leave the shared one).
        controller.abort();
        settleUsage(() => runtime.usage.abandon());
      }
    }
  }

  return new Stream<ChatCompletionChunk>(iterate, controller);
}
