// `bulwark batch` through a `bulwark serve` gateway: a failed row keeps the
// gateway's own code, and rows wait out the gateway's open circuit (503
// circuit_open with retry-after) instead of failing.
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBatchOutput, writeBatchInput } from './support/batch-files.js';
import { freePort } from './support/free-port.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
  temporaryFolder,
  TEST_KEY,
} from './support/run-bulwark.js';

let upstream: MockServer;

beforeAll(async () => {
  assertBuilt();
  upstream = await startMockServer();
});
afterEach(async () => {
  await killLeftovers();
  upstream.mock.reset();
});
afterAll(async () => {
  await upstream.close();
});

/** Starts `bulwark serve` in front of the mock upstream. */
async function serve(args: readonly string[], env: Record<string, string> = {}) {
  const port = await freePort();
  const running = startBulwark(['serve', '--port', String(port), ...args], {
    env: {
      OPENAI_API_KEY: TEST_KEY,
      OPENAI_BASE_URL: upstream.url,
      BULWARK_CACHE: 'off',
      BULWARK_MAX_ATTEMPTS: '1',
      ...env,
    },
  });
  await expect.poll(() => running.stdout(), { timeout: 10_000 }).toMatch(/listening on/);
  return { running, baseURL: `http://127.0.0.1:${port}/v1` };
}

describe('bulwark batch through a gateway', { timeout: 60_000 }, () => {
  it("writes the gateway's caller_rate_limit_exceeded into the failed row, not rate_limit_exceeded", async () => {
    const { baseURL } = await serve(['--caller-rpm', '2']);
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 3);
    const result = await runBulwark(['batch', 'input.jsonl', '--max-concurrency', '1'], {
      cwd: folder,
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: baseURL,
        BULWARK_CACHE: 'off',
        BULWARK_MAX_ATTEMPTS: '1',
      },
    });
    expect(result.code).toBe(1);
    const failed = readBatchOutput(join(folder, 'input.output.jsonl')).filter(
      (record) => record.error !== null,
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      response: {
        status_code: 429,
        body: { error: { code: 'caller_rate_limit_exceeded', type: 'rate_limit_error' } },
      },
      error: { code: 'caller_rate_limit_exceeded' },
    });
  });

  it("waits out the gateway's open circuit (503 circuit_open) and finishes every row", async () => {
    // The gateway's breaker opens after 5 upstream failures and probes every 500 ms; its first
    // probe fails too, so rows meet its open circuit at least twice.
    const { running, baseURL } = await serve([], {
      BULWARK_BREAKER_THRESHOLD: '5',
      BULWARK_BREAKER_HALF_OPEN_MS: '500',
    });
    upstream.mock.onChat().fail(500, { times: 6, code: 'server_error' });
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 30);
    const result = await runBulwark(['batch', 'input.jsonl', '--max-concurrency', '8'], {
      cwd: folder,
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: baseURL,
        BULWARK_CACHE: 'off',
        // The batch's own breaker stays closed: only the gateway's circuit makes rows wait.
        BULWARK_BREAKER_THRESHOLD: '1000',
      },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('30 rows: 30 succeeded, 0 failed');
    expect(upstream.mock.calls).toHaveLength(6 + 30);
    running.child.kill('SIGTERM');
    await running.exited;
    const statuses = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'request')
      .map((line) => line['status']);
    // Rows met the gateway's open circuit, and came back after its retry-after.
    expect(statuses).toContain(503);
    expect(statuses.filter((status) => status === 200)).toHaveLength(30);
  });
});
