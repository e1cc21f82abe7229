/**
 * Reads a stream to its end as UTF-8 text, or stops early when `signal`
 * aborts.
 *
 * @param stream - the stream, e.g. stdin.
 * @param signal - stops reading when aborted.
 */
export async function readText(
  stream: AsyncIterable<string | Buffer>,
  signal?: AbortSignal,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const part of stream) {
    text += typeof part === 'string' ? part : decoder.decode(part, { stream: true });
    if (signal?.aborted === true) break;
  }
  return text + decoder.decode();
}
