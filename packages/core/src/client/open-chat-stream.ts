import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ServerError } from '../errors/server-error.js';
import { readChatStream, type ChatStreamSummary } from '../streaming/read-chat-stream.js';
import type { AttemptRateLimit } from '../rate-limit/create-attempt-rate-limit.js';
import type { ClientRuntime, PreparedCall } from './call-context.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
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
 * retried. The rest of the stream is not timed.
 *
 * The call settles when the stream does: a clean end records usage (the usage
 * chunk, else counted) and emits `response`; a failure emits `error` and is
 * thrown to the consumer; a consumer that stops early aborts the upstream
 * request. `stream.controller.abort()`, the caller's signal and
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

  let opened: OpenedStream;
  let rateLimit: AttemptRateLimit | undefined;
  let openedAttempt = 0;
  try {
    rateLimit = await createCallRateLimit(runtime, call);
    opened = await runtime.execute(
      async ({ attempt, signal }): Promise<OpenedStream> => {
        try {
          // The attempt's signal stops following the call once the attempt has
          // succeeded; the stream's own controller keeps cancelling the body.
          const requestSignal = AbortSignal.any([signal, controller.signal]);
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
            mapReadError: mapError,
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
        signal: controller.signal,
        timeoutMs: call.timeoutMs,
        beforeAttempt: rateLimit?.beforeAttempt,
      },
    );
  } catch (error) {
    release();
    throw error;
  }
  reportCallInfo(
    call.onCallInfo,
    {
      attempts: openedAttempt,
      cache: 'bypass',
      upstreamRequestId: opened.requestId,
      rateLimitHeaders: pickRateLimitHeaders(opened.headers),
    },
    runtime.options.logger,
  );
  let consumed = false;

  async function* iterate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    if (consumed)
      throw new TypeError('A stream can be iterated once; use stream.tee() to split it');
    consumed = true;
    let settled = false;
    try {
      let step = opened.first;
      while (step.done !== true) {
        yield step.value;
        step = await opened.chunks.next();
      }
      const usage = await measureUsage({
        usage: step.value.usage,
        request: call.request,
        promptTokens: call.promptTokens,
        generatedText: step.value.generatedText,
        model: call.modelInfo,
      });
      settled = true;
      // The stream's usage (reported or counted) settles its rate-limit tokens.
      rateLimit?.succeeded(openedAttempt, { total_tokens: usage.totalTokens });
      runtime.usage.succeed(usage);
      runtime.events.emit('response', {
        callId: call.callId,
        model: call.model,
        stream: true,
        requestId: opened.requestId,
        usage,
        latencyMs: performance.now() - call.startedAt,
      });
    } catch (caught) {
      const error = mapError(caught);
      settled = true;
      runtime.usage.fail();
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
        // The consumer stopped early: stop the upstream too, and let the reader clean up.
        controller.abort();
        await opened.chunks.return({ usage: undefined, generatedText: '' }).catch(() => undefined);
        runtime.usage.abandon();
      }
    }
  }

  return new Stream<ChatCompletionChunk>(iterate, controller);
}
