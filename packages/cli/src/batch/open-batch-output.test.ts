import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchOutputLine } from './batch-output-line.js';
import { openBatchOutput } from './open-batch-output.js';

const success = (customId: string): BatchOutputLine => ({
  id: `batch_req_${customId}`,
  custom_id: customId,
  response: { status_code: 200, request_id: 'req_1', body: { id: 'chatcmpl-1' } },
  error: null,
});
const failure = (customId: string): BatchOutputLine => ({
  id: `batch_req_${customId}`,
  custom_id: customId,
  response: null,
  error: { code: 'server_error', message: 'boom' },
});
const lineOf = (line: BatchOutputLine) => `${JSON.stringify(line)}\n`;

let folder: string;
let path: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'bulwark-output-'));
  path = join(folder, 'out.jsonl');
});

describe('openBatchOutput', () => {
  it('creates the file and appends one complete line per result', () => {
    const output = openBatchOutput({ path });
    expect(output.done.size).toBe(0);
    output.append(success('a'));
    output.append(failure('b'));
    output.close();
    expect(readFileSync(path, 'utf8')).toBe(lineOf(success('a')) + lineOf(failure('b')));
    expect([...output.done]).toEqual([
      ['a', 'succeeded'],
      ['b', 'failed'],
    ]);
  });

  it('reports the custom_ids already written, so that a rerun skips them', () => {
    writeFileSync(path, lineOf(success('a')) + lineOf(failure('b')));
    const output = openBatchOutput({ path });
    output.close();
    expect(output.done.get('a')).toBe('succeeded');
    expect(output.done.get('b')).toBe('failed');
    expect(output.recovery).toEqual({ tornBytes: 0, droppedFailures: 0 });
  });

  it('cuts off a torn last line left by a crash mid-write', () => {
    const torn = lineOf(success('b')).slice(0, 40);
    writeFileSync(path, lineOf(success('a')) + torn);
    const output = openBatchOutput({ path });
    output.append(success('b'));
    output.close();
    expect(output.recovery.tornBytes).toBe(torn.length);
    expect(readFileSync(path, 'utf8')).toBe(lineOf(success('a')) + lineOf(success('b')));
  });

  it('keeps a complete last line that only lacks its newline', () => {
    writeFileSync(path, JSON.stringify(success('a')));
    const output = openBatchOutput({ path });
    output.append(success('b'));
    output.close();
    expect(output.done.has('a')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(lineOf(success('a')) + lineOf(success('b')));
  });

  it('with retryFailed, removes failed lines atomically and keeps successes', () => {
    const failedWithStatus: BatchOutputLine = {
      ...failure('c'),
      response: { status_code: 500, request_id: null, body: {} },
    };
    writeFileSync(path, lineOf(success('a')) + lineOf(failure('b')) + lineOf(failedWithStatus));
    const output = openBatchOutput({ path, retryFailed: true });
    output.close();
    expect(output.recovery.droppedFailures).toBe(2);
    expect([...output.done.keys()]).toEqual(['a']);
    expect(readFileSync(path, 'utf8')).toBe(lineOf(success('a')));
    expect(readdirSync(folder)).toEqual(['out.jsonl']);
  });

  it('refuses a file whose complete lines are not batch output lines', () => {
    writeFileSync(path, `${lineOf(success('a'))}{"hello":"world"}\n`);
    expect(() => openBatchOutput({ path })).toThrow(/out\.jsonl:2 is not a batch output line/);
  });
});
