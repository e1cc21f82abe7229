import { Stream } from 'openai/core/streaming';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ServerError } from '../errors/server-error.js';
import { readChatStream } from '../streaming/read-chat-stream.js';
import type { ClientRuntime, PreparedCall } from './call-context.js';
import { measureUsage } from './measure-usage.js';

/**
 * Sends a streaming call and returns the SDK's `Stream` over its chunks,
 * read with integrity checks ({@link readChatStream}). The call settles when
 * the stream does: a clean end records usage (the usage chunk, else counted)
 * and emits `response`; a failure emits `error` and is thrown to the
 * consumer; a consumer that stops early aborts the upstream request.
 * `stream.controller.abort()` and the caller's signal both cancel it.
 *
 * @param runtime - what the calls of the client share.
 * @param call - the prepared call (`stream: true`).
 */
export async function openChatStream(
  runtime: ClientRuntime,
  call: PreparedCall,
): Promise<Stream<ChatCompletionChunk>> {
  const controller = new AbortController();
  const abort = () => controller.abort(call.signal?.reason);
  call.signal?.addEventListener('abort', abort, { once: true });
  const release = () => call.signal?.removeEventListener('abort', abort);
  let result;
  try {
    result = await runtime.execute(
      ({ signal }) =>
        runtime.transport(call.request, {
          signal: AbortSignal.any([signal, controller.signal]),
          timeoutMs: call.timeoutMs,
        }),
      { signal: controller.signal, timeoutMs: call.timeoutMs },
    );
  } catch (error) {
    release();
    throw error;
  }
  if (result.kind !== 'stream') {
    release();
    throw new ServerError({ message: 'The upstream did not stream', requestId: result.requestId });
  }
  const { response, requestId } = result;
  let consumed = false;

  async function* iterate(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    if (consumed)
      throw new TypeError('A stream can be iterated once; use stream.tee() to split it');
    consumed = true;
    let settled = false;
    try {
      const summary = yield* readChatStream(response, {
        requestId,
        mapReadError: (error) => runtime.toBulwarkError(error, controller.signal),
      });
      const usage = await measureUsage({
        usage: summary.usage,
        request: call.request,
        promptTokens: call.promptTokens,
        generatedText: summary.generatedText,
        model: call.modelInfo,
      });
      settled = true;
      runtime.usage.succeed(usage);
      runtime.events.emit('response', {
        callId: call.callId,
        model: call.model,
        stream: true,
        requestId,
        usage,
        latencyMs: performance.now() - call.startedAt,
      });
    } catch (caught) {
      const error = runtime.toBulwarkError(caught, controller.signal);
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
        // The consumer stopped early: stop the upstream too.
        controller.abort();
        runtime.usage.abandon();
      }
    }
  }

  return new Stream<ChatCompletionChunk>(iterate, controller);
}
