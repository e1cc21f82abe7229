// `bulwark batch` against an upstream that enforces RPM/TPM limits (docs/performance.md:
// a batch sustains ≥ 95 % of the upstream's limit with no row lost). The mock
// server runs in this process with OpenAI-style enforcement (per minute and
// per second, real 429s); the built CLI runs as a child process with the same
// --rpm/--tpm, as an operator would run it. Two runs: one bound by requests
// per minute, one by tokens per minute.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@bulwark/testing-mocks';
import type { Benchmark, BenchRow } from '../../../bench/src/bench-row.js';

const ROWS = 1000;
const MAX_TOKENS = 16;
const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

interface Scenario {
  /** Which limit binds, for the row names. */
  label: 'RPM' | 'TPM';
  rpm: number;
  tpm: number;
}

interface OutputLine {
  custom_id: string;
  error: unknown;
  response: { body?: { usage?: { prompt_tokens?: number } } } | null;
}

async function runScenario({ label, rpm, tpm }: Scenario): Promise<BenchRow[]> {
  const server = await startMockServer({ rateLimit: { rpm, tpm } });
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-batch-bench-'));
  const lines = Array.from({ length: ROWS }, (_, index) =>
    JSON.stringify({
      custom_id: `row-${index}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-4',
        messages: [{ role: 'user', content: `batch bench row ${index}` }],
        max_tokens: MAX_TOKENS,
      },
    }),
  );
  writeFileSync(join(folder, 'input.jsonl'), `${lines.join('\n')}\n`);
  const args = ['batch', 'input.jsonl', '--rpm', String(rpm), '--tpm', String(tpm)];
  const child = spawn(process.execPath, [binPath, ...args, '--max-concurrency', '64'], {
    cwd: folder,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env['PATH'],
      OPENAI_API_KEY: 'sk-bench.batch-0123456789',
      OPENAI_BASE_URL: server.url,
      BULWARK_CACHE: 'off',
    },
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  await server.close();

  const output = readFileSync(join(folder, 'input.output.jsonl'), 'utf8').trim().split('\n');
  const results = output.map((line) => JSON.parse(line) as OutputLine);
  const succeeded = results.filter((result) => result.error === null);
  const rowsDone = new Set(succeeded.map((result) => result.custom_id)).size;
  // What the upstream counts against TPM: prompt tokens plus the max_tokens reserve.
  const tokens = succeeded.reduce(
    (sum, result) => sum + (result.response?.body?.usage?.prompt_tokens ?? 0) + MAX_TOKENS,
    0,
  );
  const times = server.mock.calls.map((call) => call.time).sort((a, b) => a - b);
  const spanMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
  // Over the span of upstream calls (N rows open N - 1 intervals); process
  // start-up and the reading of the input are left out.
  const perMinute = (count: number) => (spanMs > 0 ? (count * 60_000) / spanMs : 0);
  const achieved =
    label === 'RPM' ? perMinute(rowsDone - 1) : perMinute(tokens * ((rowsDone - 1) / rowsDone));
  const limit = label === 'RPM' ? rpm : tpm;
  return [
    {
      name: `batch ${label}-bound: achieved ${label} (limit ${limit}, exit ${exitCode})`,
      value: achieved,
      unit: label === 'RPM' ? 'req/min' : 'tokens/min',
    },
    {
      name: `batch ${label}-bound: achieved / limit`,
      value: achieved / limit,
      unit: 'ratio',
      target: 0.95,
    },
    {
      name: `batch ${label}-bound: rows lost, missing or failed (must be 0)`,
      value: ROWS - rowsDone,
      unit: 'rows',
      lowerIsBetter: true,
    },
    {
      name: `batch ${label}-bound: upstream calls beyond one per row (429s, retries)`,
      value: server.mock.calls.length - rowsDone,
      unit: 'count',
      lowerIsBetter: true,
    },
  ];
}

async function run(): Promise<BenchRow[]> {
  return [
    ...(await runScenario({ label: 'RPM', rpm: 3000, tpm: 10_000_000 })),
    // About 28 tokens a row (prompt and reserve): 84,000 TPM allows ~3,000 rows a minute.
    ...(await runScenario({ label: 'TPM', rpm: 100_000, tpm: 84_000 })),
  ];
}

export const benchmark: Benchmark = {
  name: `bulwark batch (${ROWS} rows, RPM- then TPM-bound upstream)`,
  run,
};
