import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatCompletion, startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBatchOutput, writeBatchInput } from './support/batch-files.js';
import { outputLineSchemaErrors } from './support/batch-output-schema.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  temporaryFolder,
  TEST_KEY,
} from './support/run-bulwark.js';

let server: MockServer;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer();
  env = { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.url };
});
afterEach(async () => {
  await killLeftovers();
  server.mock.reset();
});
afterAll(async () => {
  await server.close();
});

const remote = (...extra: string[]) => [
  'batch',
  'input.jsonl',
  '-o',
  'output.jsonl',
  '--remote',
  '--poll-interval-ms',
  '20',
  ...extra,
];

/** The lines of every output and error file the mock wrote, by custom_id, as text. */
function apiLines(): Map<string, string> {
  const lines = new Map<string, string>();
  for (const file of server.mock.batches.files) {
    if (file.purpose !== 'batch_output') continue;
    for (const line of file.content.trim().split('\n')) {
      lines.set((JSON.parse(line) as { custom_id: string }).custom_id, line);
    }
  }
  return lines;
}

describe('bulwark batch --remote', { timeout: 120_000 }, () => {
  it('splits 120,000 rows into three batches and merges them in input order', async () => {
    // The engine would take a while for 120,000 rows: a fixed reply keeps this about the CLI.
    server.mock.batches.configure({
      respond: (row) => ({
        status: 200,
        body: chatCompletion({ model: 'gpt-4', content: `done ${row.custom_id}` }),
      }),
    });
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 120_000);
    const result = await runBulwark(remote(), { env, cwd: folder });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('120000 rows in output.jsonl: 120000 succeeded, 0 failed');
    const batches = server.mock.batches.list();
    expect(
      batches.map((batch) => [
        (batch['metadata'] as Record<string, string>)['bulwark_part'],
        (batch['request_counts'] as { total: number }).total,
      ]),
    ).toEqual([
      ['0', 50_000],
      ['1', 50_000],
      ['2', 20_000],
    ]);
    const records = readBatchOutput(join(folder, 'output.jsonl'));
    expect(records.map((record) => record.custom_id)).toEqual(ids);
    expect(records[119_999]?.response?.body).toMatchObject({
      choices: [{ message: { content: 'done row-119999' } }],
    });
    const violations = records.flatMap(outputLineSchemaErrors);
    expect(violations).toEqual([]);
  });

  it('copies API lines through unchanged: HTTP errors, expired rows; then --retry-failed remotely', async () => {
    server.mock.onChat({ content: 'row 2' }).failOnce(400, {
      message: 'bad row',
      code: 'invalid_value',
    });
    server.mock.batches.configure({ rowsPerStep: 4, expireAfterSteps: 2 });
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 6);
    const first = await runBulwark(remote(), { env, cwd: folder });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('3 of 6 rows failed; rerun with --retry-failed');
    const text = readFileSync(join(folder, 'output.jsonl'), 'utf8');
    const fromApi = apiLines();
    expect(text).toBe(`${ids.map((id) => fromApi.get(id)).join('\n')}\n`);
    const records = readBatchOutput(join(folder, 'output.jsonl'));
    for (const record of records) expect(outputLineSchemaErrors(record)).toEqual([]);
    expect(records[2]).toMatchObject({
      response: {
        status_code: 400,
        body: { error: { message: 'bad row', code: 'invalid_value' } },
      },
      error: null,
    });
    expect(records.slice(4).map((record) => record.error?.code)).toEqual([
      'batch_expired',
      'batch_expired',
    ]);

    server.mock.batches.configure({ expireAfterSteps: undefined });
    const retry = await runBulwark(remote('--retry-failed'), { env, cwd: folder });
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stderr).toContain('running 3 failed rows again');
    const after = readBatchOutput(join(folder, 'output.jsonl'));
    expect(after.map((record) => record.custom_id)).toEqual(ids);
    expect(after.every((record) => record.response?.status_code === 200)).toBe(true);
    // The rows that succeeded the first time kept their lines.
    expect(readFileSync(join(folder, 'output.jsonl'), 'utf8').split('\n')[0]).toBe(
      text.split('\n')[0],
    );
    expect(server.mock.batches.list()).toHaveLength(2);
  });

  it('rows that failed remotely can run again locally, each once', async () => {
    server.mock.batches.configure({ rowsPerStep: 1, expireAfterSteps: 2 });
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 4);
    expect((await runBulwark(remote(), { env, cwd: folder })).code).toBe(1);
    const local = await runBulwark(
      ['batch', 'input.jsonl', '-o', 'output.jsonl', '--retry-failed'],
      {
        env,
        cwd: folder,
      },
    );
    expect(local.code, local.stderr).toBe(0);
    const records = readBatchOutput(join(folder, 'output.jsonl'));
    expect(records.map((record) => record.custom_id).sort()).toEqual([...ids].sort());
    expect(records.every((record) => record.error === null)).toBe(true);
  });
});
