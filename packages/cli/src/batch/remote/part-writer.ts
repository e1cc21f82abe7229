import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** One part of a split input: one file, one batch. */
export interface InputPart {
  /** 0-based. */
  index: number;
  /** Its file, in the work folder. */
  path: string;
  /** Rows in it. */
  rows: number;
  /** Its size in bytes. */
  bytes: number;
}

/**
 * Writes lines into `part-0.jsonl`, `part-1.jsonl`… in `folder`, starting a
 * new part whenever the next line would pass `maxRows` or `maxBytes`.
 *
 * @param folder - where the parts go.
 * @param limits - rows and bytes per part.
 */
export function createPartWriter(
  folder: string,
  limits: { maxRows: number; maxBytes: number },
): { parts: InputPart[]; add(line: string): Promise<void>; close(): Promise<void> } {
  const parts: InputPart[] = [];
  let current: { part: InputPart; stream: WriteStream } | undefined;
  const close = async (): Promise<void> => {
    if (current === undefined) return;
    current.stream.end();
    await once(current.stream, 'close');
    current = undefined;
  };
  return {
    parts,
    async add(line) {
      const bytes = Buffer.byteLength(line) + 1;
      const full =
        current !== undefined &&
        (current.part.rows >= limits.maxRows || current.part.bytes + bytes > limits.maxBytes);
      if (current === undefined || full) {
        await close();
        const index = parts.length;
        const part = { index, path: join(folder, `part-${index}.jsonl`), rows: 0, bytes: 0 };
        parts.push(part);
        current = { part, stream: createWriteStream(part.path) };
      }
      current.part.rows += 1;
      current.part.bytes += bytes;
      if (!current.stream.write(`${line}\n`)) await once(current.stream, 'drain');
    },
    close,
  };
}
