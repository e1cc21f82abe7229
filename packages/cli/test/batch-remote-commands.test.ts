import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBatchOutput, writeBatchInput } from './support/batch-files.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
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

describe('bulwark batch --remote: cancel, validation, locking, keys', { timeout: 120_000 }, () => {
  it('cancel: the batches stop, and their rows not run get batch_cancelled', async () => {
    server.mock.batches.configure({ rowsPerStep: 2 });
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 6);
    expect((await runBulwark(remote('--no-wait'), { env, cwd: folder })).code).toBe(0);
    // The first run and cancel's own look at the batch (a retrieve) ran 2 rows each.
    const cancel = await runBulwark(['batch', 'cancel', 'output.jsonl'], { env, cwd: folder });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/^part 0: batch_\w+ cancelling/m);
    const collected = await runBulwark(remote(), { env, cwd: folder });
    expect(collected.code).toBe(1);
    const records = readBatchOutput(join(folder, 'output.jsonl'));
    expect(records.map((record) => record.custom_id)).toEqual(ids);
    expect(records.map((record) => record.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'batch_cancelled',
      'batch_cancelled',
    ]);
  });

  it('validates every line first: nothing is uploaded for a bad input', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 3);
    const lines = readFileSync(join(folder, 'input.jsonl'), 'utf8').trim().split('\n');
    const other = lines[1]?.replace('"gpt-4"', '"gpt-4o"').replace('row-1', 'row-9') ?? '';
    writeFileSync(join(folder, 'input.jsonl'), [...lines, lines[0], other].join('\n'));
    const result = await runBulwark(remote(), { env, cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('input.jsonl:4: duplicate custom_id "row-0" (first on line 1)');
    expect(result.stderr).toMatch(/input\.jsonl:5: .*a remote batch takes one model/);
    expect(server.mock.batches.files).toHaveLength(0);
  });

  it('one process at a time per output, and never over the output of a local run', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 3);
    const hold = server.mock.batches.hold('batches.retrieve');
    const first = startBulwark(remote(), { env, cwd: folder });
    await hold.seen;
    const second = await runBulwark(remote(), { env, cwd: folder });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/Another bulwark batch \(pid \d+\) is running on output\.jsonl/);
    hold.release();
    expect((await first.exited).code).toBe(0);
    expect(readBatchOutput(join(folder, 'output.jsonl')).map((record) => record.custom_id)).toEqual(
      ids,
    );
    expect(server.mock.batches.list()).toHaveLength(1);

    const local = temporaryFolder();
    writeBatchInput(join(local, 'input.jsonl'), 2);
    writeFileSync(join(local, 'output.jsonl'), '');
    const refused = await runBulwark(remote(), { env, cwd: local });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('output.jsonl exists and is not the output of a --remote run');
  });

  it('needs a key for a remote upstream, and never prints it', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 1);
    const result = await runBulwark(remote(), {
      env: { OPENAI_BASE_URL: 'https://api.openai.com/v1' },
      cwd: folder,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OPENAI_API_KEY');
    const http = await runBulwark(remote(), {
      env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: 'http://api.example.com/v1' },
      cwd: folder,
    });
    expect(http.code).toBe(2);
    expect(http.stderr).not.toContain(TEST_KEY);
  });
});
