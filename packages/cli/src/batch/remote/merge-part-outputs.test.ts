import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePartOutputs } from './merge-part-outputs.js';

describe('mergePartOutputs', () => {
  it('writes the API lines unchanged in input order, and detects rows in neither file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-merge-'));
    const input = join(folder, 'part-0.jsonl');
    writeFileSync(
      input,
      ['a', 'b', 'c', 'd']
        .map((id) =>
          JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: {} }),
        )
        .join('\n'),
    );
    // Odd spacing and key order: copied as is, never re-serialised.
    const ok = (id: string) =>
      `{"custom_id": "${id}", "id":"batch_req_${id}","response":{"status_code":200,"request_id":"req_1","body":{}},"error":null}`;
    const http = `{"id":"batch_req_b","custom_id":"b","response":{"status_code":429,"request_id":"req_2","body":{"error":{"message":"slow down"}}},"error":null}`;
    const expired = `{"id":"batch_req_d","custom_id":"d","response":null,"error":{"code":"batch_expired","message":"late"}}`;
    writeFileSync(join(folder, 'out.jsonl'), `${ok('c')}\n${ok('a')}\n`);
    writeFileSync(join(folder, 'err.jsonl'), `${expired}\n${http}\n`);
    const target = createWriteStream(join(folder, 'merged.jsonl'));
    const counts = await mergePartOutputs(
      {
        input,
        files: [join(folder, 'out.jsonl'), join(folder, 'err.jsonl')],
        missing: { code: 'batch_row_missing', message: 'none' },
      },
      target,
    );
    target.end();
    await once(target, 'close');
    expect(counts).toEqual({ succeeded: 2, failed: 2, missing: 0 });
    expect(readFileSync(join(folder, 'merged.jsonl'), 'utf8')).toBe(
      `${ok('a')}\n${http}\n${ok('c')}\n${expired}\n`,
    );

    const partial = createWriteStream(join(folder, 'partial.jsonl'));
    const missing = await mergePartOutputs(
      {
        input,
        files: [join(folder, 'out.jsonl'), join(folder, 'absent.jsonl')],
        missing: { code: 'batch_cancelled', message: 'cancelled' },
      },
      partial,
    );
    partial.end();
    await once(partial, 'close');
    expect(missing).toEqual({ succeeded: 2, failed: 2, missing: 2 });
    const lines = readFileSync(join(folder, 'partial.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[1] ?? '')).toEqual({
      id: expect.stringMatching(/^batch_req_/),
      custom_id: 'b',
      response: null,
      error: { code: 'batch_cancelled', message: 'cancelled' },
    });
  });
});
