import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../cli-context.js';
import { createBatchApiClient } from './batch-api-client.js';
import { runRemoteJob } from './run-remote-job.js';

afterEach(() => {
  vi.useRealTimers();
});

function contextFor(cwd: string): CliContext & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => errors.push(chunk) > 0 },
    stdin: { [Symbol.asyncIterator]: async function* () {} },
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
}

describe('runRemoteJob', () => {
  it('polls at once, then after 1 s, 1.5 s, 2.25 s … on the clock, and merges in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const mock = createMockOpenAI({ batches: { rowsPerStep: 1 } });
    const polls: number[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (/\/batches\/batch_/.test(url)) polls.push(Date.now());
      return mock.fetch(input, init);
    };
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-job-'));
    const rows = ['a', 'b', 'c', 'd'].map((id) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4', messages: [{ role: 'user', content: id }] },
      }),
    );
    writeFileSync(join(folder, 'in.jsonl'), rows.join('\n'));
    const context = contextFor(folder);
    const client = createBatchApiClient({
      baseURL: 'https://api.example.com/v1',
      apiKey: 'sk-test.job',
      signal: context.signal,
      fetch,
    });
    let settled = false;
    const job = runRemoteJob(
      {
        input: join(folder, 'in.jsonl'),
        inputName: 'in.jsonl',
        output: join(folder, 'out.jsonl'),
        outputName: 'out.jsonl',
        client,
        wait: true,
      },
      context,
    ).finally(() => (settled = true));
    while (!settled) await vi.advanceTimersByTimeAsync(50);
    expect((await job).complete).toBe(true);
    // in_progress with 1 row done, 2, 3, then 4 and completed: four retrieves.
    expect(polls).toHaveLength(4);
    const gaps = polls.slice(1).map((time, index) => time - (polls[index] ?? 0));
    const expected = [1000, 1500, 2250];
    for (const [index, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual(expected[index] ?? 0);
      expect(gap).toBeLessThan((expected[index] ?? 0) + 200);
    }
    const output = readFileSync(join(folder, 'out.jsonl'), 'utf8').trim().split('\n');
    expect(output.map((line) => (JSON.parse(line) as { custom_id: string }).custom_id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});
