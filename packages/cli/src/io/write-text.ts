import type { OutputStream } from '../cli-context.js';

/**
 * Writes text and resolves once the stream has taken it, so that a slow
 * reader (a pipe into `less`) holds the writer back instead of buffering
 * without bound.
 *
 * @param stream - where to write.
 * @param text - what to write.
 */
export function writeText(stream: OutputStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
