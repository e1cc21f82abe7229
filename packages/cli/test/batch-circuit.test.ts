// `bulwark batch` against an upstream that fails for a while: the circuit
// breaker opens, rows wait for it (they do not fail), and the run ends with
// every row done once the upstream recovers; only an outage longer than
// --max-wait fails them, with circuit_open. SIGINT and SIGTERM stop a run
// whose rows are waiting, with a summary of what was not run.
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer();
});
afterEach(async () => {
  await killLeftovers();
  server.mock.reset();
});
afterAll(async () => {
  await server.close();
});

function environment(halfOpenMs: number): Record<string, string> {
  return {
    OPENAI_API_KEY: TEST_KEY,
    OPENAI_BASE_URL: server.url,
    BULWARK_CACHE: 'off',
    BULWARK_BREAKER_THRESHOLD: '5',
    BULWARK_BREAKER_HALF_OPEN_MS: String(halfOpenMs),
  };
}

describe('bulwark batch with an open circuit', { timeout: 60_000 }, () => {
  it('makes rows wait for the circuit to half-open and close, and then run: none fails', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 60);
    // 14 failures: 5 open the circuit, the rest fail in-flight calls and two or more probes.
    server.mock.onChat().fail(500, { times: 14, code: 'server_error' });
    const result = await runBulwark(
      ['batch', 'input.jsonl', '--max-concurrency', '8', '--progress-interval-ms', '50'],
      { env: environment(300), cwd: folder },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/, \d+ waiting for the circuit to close$/m);
    expect(result.stderr).toContain('60 rows: 60 succeeded, 0 failed (60 run now');
    const records = readBatchOutput(join(folder, 'input.output.jsonl'));
    expect(records.map((record) => record.custom_id).sort()).toEqual([...ids].sort());
    expect(records.every((record) => record.error === null)).toBe(true);
    // Waiting rows sent nothing: the upstream saw the 14 failures and one call per row.
    expect(server.mock.calls).toHaveLength(14 + 60);
  });

  it('fails the rows with circuit_open once the outage outlasts --max-wait', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 30);
    server.mock.onChat().fail(500, { code: 'server_error' });
    const startedAt = Date.now();
    const result = await runBulwark(
      ['batch', 'input.jsonl', '--max-concurrency', '8', '--max-wait', '800'],
      { env: environment(60_000), cwd: folder },
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(800);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('30 rows: 0 succeeded, 30 failed');
    const records = readBatchOutput(join(folder, 'input.output.jsonl'));
    expect(records).toHaveLength(30);
    for (const record of records) {
      expect(record.error?.code).toBe('circuit_open');
      expect(record.response).toBeNull();
    }
    expect(records.some((record) => record.error?.message.includes('--max-wait (800ms)'))).toBe(
      true,
    );
    // Nothing reached the upstream once the circuit was open.
    expect(server.mock.calls.length).toBeLessThanOrEqual(8 * 4);
  });

  it('documents --max-wait and its default in --help, and refuses a bad value with exit code 2', async () => {
    const help = await runBulwark(['batch', '--help']);
    expect(help.stdout).toMatch(/--max-wait <ms>[\s\S]*\(default: 300000, 5 minutes\)/);
    const bad = await runBulwark(['batch', 'input.jsonl', '--max-wait', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--max-wait <ms>' argument 'soon' is invalid");
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops waiting rows on %s with exit code 130 and counts the rows not run',
    async (signal) => {
      const folder = temporaryFolder();
      writeBatchInput(join(folder, 'input.jsonl'), 50);
      server.mock.onChat().replyOnce('first').fail(500, { code: 'server_error' });
      const running = startBulwark(
        ['batch', 'input.jsonl', '--max-concurrency', '4', '--progress-interval-ms', '50'],
        { env: environment(60_000), cwd: folder },
      );
      await vi.waitFor(() => expect(running.stderr()).toMatch(/4 waiting for the circuit/), {
        timeout: 20_000,
        interval: 20,
      });
      running.child.kill(signal);
      const { code } = await running.exited;
      expect(code).toBe(130);
      expect(running.stderr()).toMatch(
        /interrupted: 50 rows: 1 done \(1 succeeded, 0 failed\), 49 not run \(1 run now, 0 already in the output\); run the same command again to finish/,
      );
      const records = readBatchOutput(join(folder, 'input.output.jsonl'));
      expect(records).toHaveLength(1);
      expect(records[0]?.error).toBeNull();
    },
  );
});
