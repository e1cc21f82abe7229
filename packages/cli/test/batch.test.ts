import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS } from '@bulwark/core/models';
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
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  // A little latency, so that runs take long enough to be killed mid-way.
  server = await startMockServer({ chaos: { seed: 7, errorRate: 0, latencyMs: 12 } });
  env = {
    OPENAI_API_KEY: TEST_KEY,
    OPENAI_BASE_URL: server.url,
    BULWARK_MAX_ATTEMPTS: '1',
    BULWARK_CACHE: 'off',
  };
});
afterEach(async () => {
  await killLeftovers();
  server.mock.reset();
});
afterAll(async () => {
  await server.close();
});

function expectExactlyOnce(outputPath: string, ids: readonly string[]) {
  const records = readBatchOutput(outputPath);
  const seen = records.map((record) => record.custom_id);
  expect(seen).toHaveLength(ids.length);
  expect(new Set(seen)).toEqual(new Set(ids));
  return records;
}

describe('bulwark batch', { timeout: 60_000 }, () => {
  it('runs 3000 rows into the OpenAI batch output format, each custom_id once', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 3000);
    const result = await runBulwark(
      ['batch', 'input.jsonl', '--max-concurrency', '48', '--progress-interval-ms', '100'],
      { env, cwd: folder },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    // stderr is a pipe here: plain progress lines, no bar and no escape codes.
    expect(result.stderr).toMatch(/^batch: \d+\/3000 rows, 0 failed, [\d.]+ rows\/s, ETA /m);
    expect(result.stderr).not.toContain('\u001B[');
    expect(result.stderr).toMatch(
      /3000 rows: 3000 succeeded, 0 failed \(3000 run now, 0 already in the output\)/,
    );
    expect(result.stderr).toMatch(
      /tokens \d+ \(prompt \d+, cached 0, completion \d+\), cost \$\d+\.\d{4}, time /,
    );
    const records = expectExactlyOnce(join(folder, 'input.output.jsonl'), ids);
    expect(server.mock.calls).toHaveLength(3000);
    const first = records.find((record) => record.custom_id === 'row-0');
    expect(first).toMatchObject({
      id: expect.stringMatching(/^batch_req_/),
      response: {
        status_code: 200,
        request_id: expect.stringMatching(/^req_/),
        body: { object: 'chat.completion', choices: [{ message: { content: 'row 0' } }] },
      },
      error: null,
    });

    const rerun = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('(0 run now, 3000 already in the output)');
    expect(server.mock.calls).toHaveLength(3000);
  });

  it('finishes the job exactly once after being killed (SIGKILL) several times', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 3000);
    const outputPath = join(folder, 'out.jsonl');
    const args = ['batch', 'input.jsonl', '-o', 'out.jsonl', '--max-concurrency', '16'];
    // Seeded kill points: after roughly 300–700 more rows each time.
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let killedAt = 0;
    for (let kill = 0; kill < 4; kill += 1) {
      const target = killedAt + 300 + Math.floor(random() * 400);
      const running = startBulwark(args, { env, cwd: folder });
      await vi.waitFor(
        () => {
          const size = existsSync(outputPath) ? statSync(outputPath).size : 0;
          // Output lines are ~600 bytes; kill once about `target` rows are written.
          expect(size).toBeGreaterThanOrEqual(target * 550);
        },
        { timeout: 20_000, interval: 5 },
      );
      running.child.kill('SIGKILL');
      const { signal } = await running.exited;
      expect(signal).toBe('SIGKILL');
      killedAt = target;
    }
    const callsBeforeFinal = server.mock.calls.length;
    expect(callsBeforeFinal).toBeLessThan(3000);
    const final = await runBulwark(args, { env, cwd: folder });
    expect(final.code).toBe(0);
    expect(final.stderr).toMatch(/3000 rows: 3000 succeeded, 0 failed/);
    expectExactlyOnce(outputPath, ids);
    // Only rows in flight at a kill are sent twice: at most 16 per kill.
    expect(server.mock.calls.length).toBeLessThanOrEqual(3000 + 4 * 16);
  });

  it('sums the prompt tokens read from the prompt cache and prices them at the cached price', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 3, (index) => `long document ${index}`, 'gpt-4o');
    server.mock.onChat().reply({
      content: 'a summary',
      usage: {
        prompt_tokens: 2000,
        completion_tokens: 100,
        total_tokens: 2100,
        prompt_tokens_details: { cached_tokens: 1024 },
      },
    });
    const result = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(result.code).toBe(0);
    const prices = DEFAULT_MODELS['gpt-4o'];
    // Per row: (2000 − 1024) × input + 1024 × cached input + 100 × output; $0.00472 at list prices.
    const rowCost =
      ((2000 - 1024) * (prices?.inputCostPer1K ?? NaN) +
        1024 * (prices?.cachedInputCostPer1K ?? NaN) +
        100 * (prices?.outputCostPer1K ?? NaN)) /
      1000;
    expect(result.stderr).toContain(
      `tokens 6300 (prompt 6000, cached 3072, completion 300), cost $${(3 * rowCost).toFixed(4)}, time `,
    );
    expect(result.stderr).toContain('cost $0.0142');
  });

  it('cuts off a torn last line left by a crash and finishes the rows', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 5);
    await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    const outputPath = join(folder, 'input.output.jsonl');
    const [kept, second] = readFileSync(outputPath, 'utf8').split('\n');
    // As if the process died while writing its second line.
    writeFileSync(outputPath, `${kept}\n${second?.slice(0, 100)}`);
    const result = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('input.output.jsonl: cut off a torn last line (100 bytes)');
    expect(result.stderr).toContain('(4 run now, 1 already in the output)');
    expectExactlyOnce(outputPath, ids);
  });

  it('warns when the output file holds rows of another input, and still runs its own', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'other.jsonl'), 2);
    await runBulwark(['batch', 'other.jsonl', '-o', 'shared.jsonl'], { env, cwd: folder });
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 3, (index) => `new ${index}`);
    writeFileSync(
      join(folder, 'input.jsonl'),
      readFileSync(join(folder, 'input.jsonl'), 'utf8').replaceAll('"row-', '"new-'),
    );
    const result = await runBulwark(['batch', 'input.jsonl', '-o', 'shared.jsonl'], {
      env,
      cwd: folder,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'shared.jsonl: warning: holds 2 custom_id(s) that are not in the input (e.g. "row-0")',
    );
    expect(result.stderr).toContain('(3 run now, 0 already in the output)');
    const written = readBatchOutput(join(folder, 'shared.jsonl')).map((record) => record.custom_id);
    expect(written).toEqual(
      expect.arrayContaining([...ids.map((id) => id.replace('row-', 'new-')), 'row-0', 'row-1']),
    );
  });

  it('reports every invalid line with its number and sends nothing', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 3);
    const good = (id: string) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { messages: [{ role: 'user', content: 'x' }] },
      });
    writeFileSync(
      join(folder, 'input.jsonl'),
      [
        good('a'),
        '{"custom_id": "b", oops',
        good('a'),
        JSON.stringify({ method: 'POST', url: '/v1/chat/completions', body: {} }),
        JSON.stringify({
          custom_id: 'c',
          method: 'POST',
          url: '/v1/embeddings',
          body: { messages: [] },
        }),
        good('d'),
      ].join('\n'),
    );
    const result = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('input.jsonl:2: not valid JSON');
    expect(result.stderr).toContain('input.jsonl:3: duplicate custom_id "a" (first on line 1)');
    expect(result.stderr).toContain('input.jsonl:4: custom_id is missing or not a string');
    expect(result.stderr).toContain('input.jsonl:5: url must be "/v1/chat/completions"');
    expect(result.stderr).toMatch(
      /problems in input\.jsonl; nothing was sent \[invalid_batch_input\]/,
    );
    expect(server.mock.calls.length).toBe(0);
    expect(existsSync(join(folder, 'input.output.jsonl'))).toBe(false);

    writeBatchInput(join(folder, 'good.jsonl'), 3);
    const noKey = await runBulwark(['batch', 'good.jsonl'], {
      env: { OPENAI_BASE_URL: server.url },
      cwd: folder,
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('OPENAI_API_KEY');
    expect(existsSync(join(folder, 'good.output.jsonl'))).toBe(false);
    expect(server.mock.calls.length).toBe(0);

    const missing = await runBulwark(['batch', 'nope.jsonl'], { env, cwd: folder });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read nope.jsonl (ENOENT)');
  });

  it('records failed rows, exits 1, and runs only them again with --retry-failed', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 50, (index) =>
      index % 10 === 3 ? `please fail ${index}` : `row ${index}`,
    );
    server.mock
      .onChat({ content: /please fail/ })
      .fail(400, { code: 'bad_row', message: 'this row is bad' });
    const first = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('50 rows: 45 succeeded, 5 failed');
    expect(first.stderr).toMatch(
      /5 of 50 rows failed; rerun with --retry-failed .*\[batch_rows_failed\]/,
    );
    const failed = readBatchOutput(join(folder, 'input.output.jsonl')).filter(
      (record) => record.error !== null,
    );
    expect(failed.map((record) => record.custom_id).sort()).toEqual([
      'row-13',
      'row-23',
      'row-3',
      'row-33',
      'row-43',
    ]);
    expect(failed[0]).toMatchObject({
      response: {
        status_code: 400,
        body: { error: { code: 'bad_row', message: 'this row is bad' } },
      },
      error: { code: 'bad_row', message: 'this row is bad' },
    });

    // Without --retry-failed a rerun keeps the failures: nothing is sent.
    const again = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(again.code).toBe(1);
    expect(server.mock.calls).toHaveLength(50);

    server.mock.reset();
    const retried = await runBulwark(['batch', 'input.jsonl', '--retry-failed'], {
      env,
      cwd: folder,
    });
    expect(retried.code).toBe(0);
    expect(retried.stderr).toContain('input.output.jsonl: 5 failed rows will run again');
    expect(retried.stderr).toContain(
      '50 rows: 50 succeeded, 0 failed (5 run now, 45 already in the output)',
    );
    expect(server.mock.calls.map((call) => call.body.messages[0]?.content).sort()).toEqual([
      'please fail 13',
      'please fail 23',
      'please fail 3',
      'please fail 33',
      'please fail 43',
    ]);
    const records = expectExactlyOnce(join(folder, 'input.output.jsonl'), ids);
    expect(records.every((record) => record.error === null)).toBe(true);
  });

  it('passes --rpm, --tpm and --max-concurrency to the client, and rejects bad values', async () => {
    const folder = temporaryFolder();
    writeBatchInput(join(folder, 'input.jsonl'), 2);
    const bad = await runBulwark(['batch', 'input.jsonl', '--rpm', 'lots'], { env, cwd: folder });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--rpm <requests>' argument 'lots' is invalid");
    const zero = await runBulwark(['batch', 'input.jsonl', '--max-concurrency', '0'], {
      env,
      cwd: folder,
    });
    expect(zero.code).toBe(2);
    expect(server.mock.calls).toHaveLength(0);
    const ok = await runBulwark(
      ['batch', 'input.jsonl', '--rpm', '600', '--tpm', '100000', '--max-concurrency', '2'],
      {
        env,
        cwd: folder,
      },
    );
    expect(ok.code).toBe(0);
    expect(server.mock.calls).toHaveLength(2);
  });

  it('stops on SIGINT with exit code 130 and whole lines, and a rerun finishes', async () => {
    const folder = temporaryFolder();
    const ids = writeBatchInput(join(folder, 'input.jsonl'), 1000);
    const outputPath = join(folder, 'input.output.jsonl');
    const running = startBulwark(['batch', 'input.jsonl', '--max-concurrency', '8'], {
      env,
      cwd: folder,
    });
    await vi.waitFor(
      () => expect(existsSync(outputPath) && statSync(outputPath).size > 20_000).toBe(true),
      {
        timeout: 20_000,
        interval: 5,
      },
    );
    running.child.kill('SIGINT');
    const { code } = await running.exited;
    expect(code).toBe(130);
    const partial = readBatchOutput(outputPath);
    expect(partial.length).toBeLessThan(1000);
    const rerun = await runBulwark(['batch', 'input.jsonl'], { env, cwd: folder });
    expect(rerun.code).toBe(0);
    expectExactlyOnce(outputPath, ids);
  });
});
