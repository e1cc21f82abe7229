import { createAbortError, delay } from './abort.js';

/** @internal */
export interface SsePlan {
  /** Payloads of the `data:` frames, in order (JSON text, or anything for a malformed frame). */
  frames: string[];
  /** Whether `data: [DONE]` closes the stream. */
  done: boolean;
  /** Pause before every frame after the first. */
  delayMs: number;
  /** The request's signal: aborting it errors the body with an `AbortError`, as fetch does. */
  signal: AbortSignal;
  headers: Headers;
}

const encoder = new TextEncoder();

/**
 * A `text/event-stream` response whose body is produced on demand, so a
 * consumer that stops reading stops the producer; timers are cleared on
 * cancel and on abort.
 * @internal
 */
export function sseResponse(plan: SsePlan): Response {
  const stop = new AbortController();
  let sent = 0;
  let finished = false;
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onAbort = (): void => {
    stop.abort();
    if (!finished) {
      finished = true;
      streamController?.error(createAbortError());
    }
  };
  const finish = (): void => {
    finished = true;
    plan.signal.removeEventListener('abort', onAbort);
  };
  plan.signal.addEventListener('abort', onAbort, { once: true });

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      streamController = controller;
    },
    async pull(controller) {
      try {
        if (sent > 0 && plan.delayMs > 0 && sent < plan.frames.length) {
          await delay(plan.delayMs, stop.signal);
        }
        if (finished) return;
        const frame = plan.frames[sent];
        if (frame !== undefined) {
          sent += 1;
          controller.enqueue(encoder.encode(`data: ${frame}\n\n`));
          return;
        }
        if (plan.done) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        finish();
        controller.close();
      } catch {
        // The delay was cut short by an abort or a cancel; onAbort already errored the body.
      }
    },
    cancel() {
      finish();
      stop.abort();
    },
  });
  plan.headers.set('content-type', 'text/event-stream; charset=utf-8');
  plan.headers.set('cache-control', 'no-cache');
  return new Response(body, { status: 200, headers: plan.headers });
}
