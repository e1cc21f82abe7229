import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { FlightTicket } from './single-flight.js';
import type { StreamRecording } from './stream-recording.js';

/** A stream in flight: recorded once, replayed to every waiter. */
export interface RecordedStream {
  /** The upstream chunks, read once and replayed to each waiter. */
  recording: StreamRecording<ChatCompletionChunk>;
  /** The upstream `x-request-id`. */
  requestId: string | undefined;
}

/**
 * Replays a stored stream chunk by chunk (the entry is already this caller's own copy).
 *
 * @param chunks - the chunks of a stream cache entry.
 */
export async function* replayStored(
  chunks: readonly ChatCompletionChunk[],
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  yield* chunks;
}

/**
 * One waiter's view of a recorded stream: it leaves the flight when it stops reading or aborts.
 *
 * @param recording - the stream in flight.
 * @param ticket - this waiter's share of the flight.
 * @param signal - the caller's signal: it stops this waiter's replay only.
 */
export function followRecording(
  recording: StreamRecording<ChatCompletionChunk>,
  ticket: FlightTicket<RecordedStream>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const leave = (): void => ticket.leave();
  // A caller that aborts before reading leaves too, so an abandoned flight can end.
  if (signal?.aborted === true) leave();
  else signal?.addEventListener('abort', leave, { once: true });
  return (async function* () {
    try {
      yield* recording.replay(signal);
    } finally {
      signal?.removeEventListener('abort', leave);
      ticket.leave();
    }
  })();
}
