import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { splitBatchInput } from './split-batch-input.js';

function row(id: string, model = 'gpt-4', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: id }], ...extra },
  });
}

function setup(text: string) {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-split-'));
  const input = join(folder, 'input.jsonl');
  writeFileSync(input, text);
  return { folder, input };
}

describe('splitBatchInput', () => {
  it('splits by rows, then by bytes, keeping each line unchanged and in order', async () => {
    const lines = Array.from({ length: 5 }, (_, index) => row(`r${index}`));
    const text = `${lines[0]}\r\n\n${lines.slice(1).join('\n')}`;
    const { folder, input } = setup(text);
    const byRows = await splitBatchInput({ input, folder, limits: { maxRows: 2, maxBytes: 1e6 } });
    expect(byRows.problems).toEqual([]);
    expect(byRows.rows).toBe(5);
    expect(byRows.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(byRows.parts.map((part) => part.rows)).toEqual([2, 2, 1]);
    expect(readFileSync(byRows.parts[0]?.path ?? '', 'utf8')).toBe(`${lines[0]}\n${lines[1]}\n`);

    const lineBytes = Buffer.byteLength(lines[0] ?? '') + 1;
    const byBytes = await splitBatchInput({
      input,
      folder,
      limits: { maxRows: 100, maxBytes: lineBytes * 3 },
    });
    expect(byBytes.parts.map((part) => part.rows)).toEqual([3, 2]);
    expect(byBytes.parts.every((part) => part.bytes <= lineBytes * 3)).toBe(true);
  });

  it('reports every problem by line and writes no parts', async () => {
    const { folder, input } = setup(
      [
        row('a'),
        'not json',
        row('a'),
        row('b', 'gpt-4o'),
        row('c', 'gpt-4', { stream: true }),
        JSON.stringify({ custom_id: 'd', method: 'GET', url: '/v1/chat/completions', body: {} }),
      ].join('\n'),
    );
    const split = await splitBatchInput({ input, folder });
    expect(split.parts).toEqual([]);
    expect(split.problems).toEqual([
      { line: 2, message: 'not valid JSON' },
      { line: 3, message: 'duplicate custom_id "a" (first on line 1)' },
      { line: 4, message: expect.stringContaining('a remote batch takes one model') },
      { line: 5, message: 'body.stream: a batch row cannot stream' },
      { line: 6, message: 'method must be "POST"' },
    ]);
  });

  it('refuses an empty input', async () => {
    const { folder, input } = setup('\n\n');
    expect((await splitBatchInput({ input, folder })).problems).toEqual([
      { line: 1, message: 'no rows' },
    ]);
  });
});
