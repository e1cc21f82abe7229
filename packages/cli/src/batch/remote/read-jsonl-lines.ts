import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The non-blank lines of a JSONL file, streamed, each with its `custom_id`
 * (lines that are not JSON objects with a string `custom_id` are skipped).
 * A missing file yields nothing.
 *
 * @param path - the file.
 */
export async function* readCustomIdLines(
  path: string,
): AsyncGenerator<{ customId: string; line: string; value: Record<string, unknown> }> {
  const stream = createReadStream(path);
  const missing = new Promise<boolean>((resolve) => {
    stream.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT'));
    stream.once('open', () => resolve(false));
  });
  if (await missing) return;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const customId = (value as { custom_id?: unknown }).custom_id;
    if (typeof customId === 'string') {
      yield { customId, line, value: value as Record<string, unknown> };
    }
  }
}
