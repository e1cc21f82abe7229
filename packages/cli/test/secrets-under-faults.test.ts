// The upstream key never shows in the CLI's output, whatever the upstream
// does: every fault the mocks can script, through `bulwark chat` (streamed and
// not), `bulwark doctor` and `bulwark batch` (its output file included).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  const { mock } = server;
  const on = (fault: string) => mock.onChat({ content: fault });
  // Upstream messages that quote the key, as OpenAI's 401 does.
  on('unauthorized').fail(401, {
    code: 'invalid_api_key',
    message: `Incorrect API key provided: ${TEST_KEY}`,
  });
  on('forbidden').fail(403, { message: `key ${TEST_KEY} may not use this model` });
  on('bad-request').fail(400, { message: `bad request sent with ${TEST_KEY}`, param: TEST_KEY });
  on('server-error').fail(500, { message: `crashed while handling ${TEST_KEY}` });
  on('quota').fail(429, { code: 'insufficient_quota', message: `quota of ${TEST_KEY} exhausted` });
  on('rate-limited').fail(429, {
    code: 'rate_limit_exceeded',
    message: `slow down ${TEST_KEY}`,
    retryAfterMs: 1,
  });
  on('reset').reset();
  on('hang').hang();
  on('truncated').truncate({ afterChunks: 1 });
  on('malformed').malformed();
  env = {
    OPENAI_API_KEY: TEST_KEY,
    OPENAI_BASE_URL: server.url,
    BULWARK_MAX_ATTEMPTS: '2',
    BULWARK_TIMEOUT_MS: '500',
    BULWARK_LOG_LEVEL: 'debug',
  };
});
afterEach(killLeftovers);
afterAll(() => server.close());

const FAULTS = [
  'unauthorized',
  'forbidden',
  'bad-request',
  'server-error',
  'quota',
  'rate-limited',
  'reset',
  'hang',
  'truncated',
  'malformed',
];

describe('the upstream key under upstream faults', { timeout: 60_000 }, () => {
  it('never appears in bulwark chat output, streamed or not', async () => {
    const commands = [
      ...FAULTS.map((fault) => ['chat', fault]),
      ['chat', '--json', '--no-stream', 'unauthorized'],
      ['chat', '--json', '--no-stream', 'bad-request'],
    ];
    const runs = [];
    // A few processes at a time: the machine may have only two cores.
    for (let index = 0; index < commands.length; index += 4) {
      const group = commands.slice(index, index + 4);
      runs.push(...(await Promise.all(group.map((args) => runBulwark(args, { env })))));
    }
    for (const run of runs) {
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/\[[a-z_]+\]/);
      expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
    }
  });

  it('never appears in bulwark doctor output', async () => {
    const runs = await Promise.all([
      runBulwark(['doctor'], { env }),
      runBulwark(['doctor'], { env: { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } }),
    ]);
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
  });

  it('never appears in bulwark batch output or its output file', async () => {
    const folder = temporaryFolder();
    const rows = FAULTS.map((fault) =>
      JSON.stringify({
        custom_id: fault,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4', messages: [{ role: 'user', content: fault }] },
      }),
    );
    writeFileSync(join(folder, 'input.jsonl'), `${rows.join('\n')}\n`);
    // The faults open the circuit: rows fail at once instead of waiting for it to close.
    const run = await runBulwark(['batch', 'input.jsonl', '--max-wait', '0'], { env, cwd: folder });
    const output = readFileSync(join(folder, 'input.output.jsonl'), 'utf8');
    expect(output.trim().split('\n')).toHaveLength(FAULTS.length);
    expect(run.stdout + run.stderr + output).not.toContain(TEST_KEY);
    // The upstream did receive the key: the checks above are not vacuous.
    expect(server.mock.calls[0]?.headers['authorization']).toBe(`Bearer ${TEST_KEY}`);
  });
});
