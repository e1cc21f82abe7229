import { readFileSync, writeFileSync } from 'node:fs';

/** Writes an input file of `count` chat rows `row-0` … for `model` and returns their custom_ids. */
export function writeBatchInput(
  path: string,
  count: number,
  content = (index: number) => `row ${index}`,
  model = 'gpt-4',
): string[] {
  const ids: string[] = [];
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const customId = `row-${index}`;
    ids.push(customId);
    lines.push(
      JSON.stringify({
        custom_id: customId,
        method: 'POST',
        url: '/v1/chat/completions',
        body: {
          model,
          messages: [{ role: 'user', content: content(index) }],
          max_tokens: 16,
        },
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return ids;
}

/** One parsed output line. */
export interface OutputRecord {
  custom_id: string;
  response: { status_code: number; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/**
 * Reads an output file strictly: it must end with a newline and every line
 * must be complete JSON (no torn line).
 */
export function readBatchOutput(path: string): OutputRecord[] {
  const text = readFileSync(path, 'utf8');
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('the output does not end with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as OutputRecord);
}
