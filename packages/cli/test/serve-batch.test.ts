// A batch run through a local `bulwark serve` on default settings: the
// gateway must not refuse a caller that sends thousands of requests a minute
// (the per-caller limit is off unless BULWARK_CALLER_RPM or --caller-rpm sets it).
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

beforeAll(assertBuilt);
afterEach(killLeftovers);

async function serve(args: readonly string[] = []) {
  const port = await freePort();
  const running = startBulwark(['serve', '--port', String(port), ...args]);
  await expect.poll(() => running.stdout(), { timeout: 10_000 }).toMatch(/listening on/);
  return { running, baseURL: `http://127.0.0.1:${port}/v1` };
}

describe('bulwark batch through bulwark serve', { timeout: 120_000 }, () => {
  it('runs 5000 rows with none failed on default settings', async () => {
    const { running, baseURL } = await serve();
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 5000);
    const result = await runBulwark(['batch', 'input.jsonl'], {
      cwd: folder,
      // The gateway has no keys: any caller key is accepted.
      env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: baseURL, BULWARK_CACHE: 'off' },
    });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(result.stderr).toMatch(/5000 rows: 5000 succeeded, 0 failed/);
    const records = readBatchOutput(join(folder, 'input.output.jsonl'));
    expect(new Set(records.map((record) => record.custom_id))).toEqual(new Set(ids));
    expect(records.every((record) => record.response?.status_code === 200)).toBe(true);
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
    const lines = running
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'request');
    // Every request's log line was written (flushed on shutdown), none refused.
    expect(lines).toHaveLength(5000);
    expect(lines.filter((line) => line['status'] !== 200)).toEqual([]);
  });

  it('limits each caller with --caller-rpm: 429 caller_rate_limit_exceeded and retry-after', async () => {
    const { running, baseURL } = await serve(['--caller-rpm', '2']);
    const post = () =>
      fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { code: 'caller_rate_limit_exceeded' } });
    running.child.kill('SIGTERM');
    expect((await running.exited).code).toBe(0);
  });

  it('refuses a bad --caller-rpm with exit code 2', async () => {
    const result = await runBulwark(['serve', '--caller-rpm', '-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--caller-rpm');
  });
});
