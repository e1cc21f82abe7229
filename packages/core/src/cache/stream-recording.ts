import { AbortError } from '../errors/errors.js';

/** How a recorded stream ended. */
export type RecordingOutcome<Chunk> =
  | {
      /** The source ended cleanly. */
      complete: true;
      /** Every chunk, in order. */
      chunks: readonly Chunk[];
    }
  | {
      /** The source failed (truncated, reset, aborted). */
      complete: false;
      /** Its failure. */
      error: unknown;
    };

/**
 * A stream read once from its source and replayed to any number of
 * consumers, each of which gets the whole chunk sequence from the first
 * chunk, at its own pace, then the source's end or failure (fan-out).
 */
export interface StreamRecording<Chunk> {
  /**
   * Replays the stream from its first chunk, waiting for chunks still to
   * come. Each consumer gets its own copy of every chunk.
   * @param signal - stops the replay with an {@link AbortError}.
   * @throws the source's failure, after the chunks that came before it.
   */
  replay(signal?: AbortSignal): AsyncGenerator<Chunk, void, undefined>;
  /** Settles (never rejects) when the source has ended or failed. */
  readonly finished: Promise<RecordingOutcome<Chunk>>;
}

/**
 * Starts reading `source` to its end at once, whatever the consumers do,
 * keeping every chunk for the replays (so the memory held is the stream's
 * size, which a cache entry takes anyway). To stop the source, abort the
 * request it reads.
 *
 * @param source - the upstream chunks; a throw ends the recording as failed.
 * @param copy - gives each consumer its own chunk, so none can change what another sees. @default structuredClone
 */
export function createStreamRecording<Chunk>(
  source: AsyncIterable<Chunk>,
  copy: (chunk: Chunk) => Chunk = structuredClone,
): StreamRecording<Chunk> {
  const chunks: Chunk[] = [];
  let outcome: RecordingOutcome<Chunk> | undefined;
  let wake: () => void = () => undefined;
  let next = new Promise<void>((resolve) => (wake = resolve));
  const advance = (): void => {
    const current = wake;
    next = new Promise<void>((resolve) => (wake = resolve));
    current();
  };

  const finished = (async (): Promise<RecordingOutcome<Chunk>> => {
    try {
      for await (const chunk of source) {
        chunks.push(chunk);
        advance();
      }
      outcome = { complete: true, chunks };
    } catch (error) {
      outcome = { complete: false, error };
    }
    advance();
    return outcome;
  })();

  async function* replay(signal?: AbortSignal): AsyncGenerator<Chunk, void, undefined> {
    let aborted = (): void => undefined;
    const abortion = new Promise<never>((_, reject) => {
      aborted = () => reject(new AbortError({ message: 'The request was aborted' }));
    });
    abortion.catch(() => undefined);
    if (signal?.aborted === true) aborted();
    signal?.addEventListener('abort', aborted, { once: true });
    try {
      let index = 0;
      for (;;) {
        if (signal?.aborted === true) await abortion;
        if (index < chunks.length) {
          yield copy(chunks[index++] as Chunk);
          continue;
        }
        if (outcome?.complete === true) return;
        if (outcome?.complete === false) throw outcome.error;
        await Promise.race([next, abortion]);
      }
    } finally {
      signal?.removeEventListener('abort', aborted);
    }
  }

  return { replay, finished };
}
