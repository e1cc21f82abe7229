import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MockBatchEndpoint, MockHoldPoint } from '@bulwark/testing-mocks';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBatchOutput, writeBatchInput } from './support/batch-files.js';
import { outputLineSchemaErrors } from './support/batch-output-schema.js';
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

/** 30 rows in 3 parts of 10; fast polls. */
const ARGS = [
  'batch',
  'input.jsonl',
  '-o',
  'output.jsonl',
  '--remote',
  '--rows-per-batch',
  '10',
  '--poll-interval-ms',
  '20',
];

function expectComplete(folder: string, ids: readonly string[]): void {
  const records = readBatchOutput(join(folder, 'output.jsonl'));
  expect(records.map((record) => record.custom_id)).toEqual(ids);
  for (const record of records) expect(outputLineSchemaErrors(record)).toEqual([]);
  const batches = server.mock.batches.list();
  const parts = batches.map(
    (batch) => (batch['metadata'] as Record<string, string>)['bulwark_part'],
  );
  // Exactly one batch per part, never a second one.
  expect(parts.sort()).toEqual(['0', '1', '2']);
  expect(existsSync(join(folder, 'output.jsonl.remote'))).toBe(false);
}

type KillPoint = { endpoint: MockBatchEndpoint; point: MockHoldPoint | 'answered'; name: string };

const KILL_POINTS: KillPoint[] = [
  { name: 'during an upload', endpoint: 'files.create', point: 'request' },
  { name: 'after an upload, before it was recorded', endpoint: 'files.create', point: 'response' },
  { name: 'during a create', endpoint: 'batches.create', point: 'request' },
  {
    name: 'between create and record (answer lost)',
    endpoint: 'batches.create',
    point: 'response',
  },
  { name: 'right after the create was answered', endpoint: 'batches.create', point: 'answered' },
  { name: 'while polling', endpoint: 'batches.retrieve', point: 'request' },
  { name: 'mid-download', endpoint: 'files.content', point: 'response' },
];

describe(
  'bulwark batch --remote, killed (SIGKILL) at each step and run again',
  { timeout: 60_000 },
  () => {
    it.each(KILL_POINTS)('$name', async ({ endpoint, point }) => {
      // Two steps per batch, so that polls see it in progress before it ends.
      server.mock.batches.configure({ rowsPerStep: 5 });
      const folder = temporaryFolder();
      const ids = writeBatchInput(join(folder, 'input.jsonl'), 30);
      const reached =
        point === 'answered'
          ? server.mock.batches.answered(endpoint)
          : server.mock.batches.hold(endpoint, point).seen;
      const first = startBulwark(ARGS, { env, cwd: folder });
      await reached;
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(existsSync(join(folder, 'output.jsonl'))).toBe(false);

      const rerun = await runBulwark(ARGS, { env, cwd: folder });
      expect(rerun.stderr).not.toContain(TEST_KEY);
      expect(rerun.code, rerun.stderr).toBe(0);
      expectComplete(folder, ids);
    });

    it('killed again while looking up the batch whose create answer was lost', async () => {
      const folder = temporaryFolder();
      const ids = writeBatchInput(join(folder, 'input.jsonl'), 30);
      const created = server.mock.batches.hold('batches.create', 'response');
      const first = startBulwark(ARGS, { env, cwd: folder });
      await created.seen;
      first.child.kill('SIGKILL');
      await first.exited;
      const listing = server.mock.batches.hold('batches.list', 'request');
      const second = startBulwark(ARGS, { env, cwd: folder });
      await listing.seen;
      second.child.kill('SIGKILL');
      await second.exited;

      const rerun = await runBulwark(ARGS, { env, cwd: folder });
      expect(rerun.code, rerun.stderr).toBe(0);
      expectComplete(folder, ids);
    });

    it('--no-wait submits and exits; a later run collects, in input order', async () => {
      // Each batch needs four polls: the first run leaves them running.
      server.mock.batches.configure({ rowsPerStep: 3 });
      const folder = temporaryFolder();
      const ids = writeBatchInput(join(folder, 'input.jsonl'), 30);
      const submitted = await runBulwark([...ARGS, '--no-wait'], { env, cwd: folder });
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stderr).toMatch(/3 of 3 batches still running; rerun the same command/);
      expect(existsSync(join(folder, 'output.jsonl'))).toBe(false);
      expect(server.mock.batches.list()).toHaveLength(3);

      const again = await runBulwark([...ARGS, '--no-wait'], { env, cwd: folder });
      expect(again.code, again.stderr).toBe(0);
      expect(server.mock.batches.list()).toHaveLength(3);

      // A status check is a retrieve: each batch moves one step (3 more rows).
      const status = await runBulwark(['batch', 'status', 'output.jsonl'], { env, cwd: folder });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^part 0: batch_\w+ in_progress 9\/10 rows done, 0 failed$/m);

      const collected = await runBulwark(ARGS, { env, cwd: folder });
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stderr).toMatch(/batch: 30\/30 rows done, 0 failed; 3 completed/);
      expectComplete(folder, ids);
    });
  },
);
