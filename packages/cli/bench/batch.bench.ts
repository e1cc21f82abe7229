// `bulwark batch` against an upstream that enforces RPM/TPM limits (DESIGN §9:
// a batch sustains ≥ 95 % of the upstream's limit with no row lost). The mock
// server runs in this process with OpenAI-style enforcement (per minute and
// per second, real 429s); the built CLI runs as a child process with the same
// --rpm/--tpm, as an operator would run it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@bulwark/testing-mocks';
import type { Benchmark, BenchRow } from './bench-report.js';

const RPM = 3000;
const TPM = 1_000_000;
const ROWS = 1000;
const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

async function run(): Promise<BenchRow[]> {
  const server = await startMockServer({ rateLimit: { rpm: RPM, tpm: TPM } });
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-batch-bench-'));
  const lines = Array.from({ length: ROWS }, (_, index) =>
    JSON.stringify({
      custom_id: `row-${index}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-4',
        messages: [{ role: 'user', content: `batch bench row ${index}` }],
        max_tokens: 16,
      },
    }),
  );
  writeFileSync(join(folder, 'input.jsonl'), `${lines.join('\n')}\n`);
  const child = spawn(
    process.execPath,
    [
      binPath,
      'batch',
      'input.jsonl',
      '--rpm',
      String(RPM),
      '--tpm',
      String(TPM),
      '--max-concurrency',
      '64',
    ],
    {
      cwd: folder,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env['PATH'],
        OPENAI_API_KEY: 'sk-bench-batch-0123456789',
        OPENAI_BASE_URL: server.url,
        BULWARK_CACHE: 'off',
      },
    },
  );
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  await server.close();

  const output = readFileSync(join(folder, 'input.output.jsonl'), 'utf8').trim().split('\n');
  const results = output.map((line) => JSON.parse(line) as { custom_id: string; error: unknown });
  const succeeded = new Set(
    results.filter((result) => result.error === null).map((result) => result.custom_id),
  );
  const times = server.mock.calls.map((call) => call.time).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  // Rows over the span of upstream calls (N rows open N - 1 intervals); process
  // start-up and the reading of the input are left out.
  const achievedRpm = succeeded.size > 1 ? ((succeeded.size - 1) * 60_000) / (last - first) : 0;
  const extraCalls = server.mock.calls.length - succeeded.size;
  return [
    {
      name: `batch: achieved RPM (limit ${RPM}, ${ROWS} rows, exit ${exitCode})`,
      value: achievedRpm,
      unit: 'req/min',
    },
    { name: 'batch: achieved / limit', value: achievedRpm / RPM, unit: 'ratio', target: 0.95 },
    {
      name: 'batch: rows lost, missing or failed (must be 0)',
      value: ROWS - succeeded.size,
      unit: 'rows',
      lowerIsBetter: true,
    },
    {
      name: 'batch: upstream calls beyond one per row (429s, retries)',
      value: extraCalls,
      unit: 'count',
      lowerIsBetter: true,
    },
  ];
}

export const benchmark: Benchmark = {
  name: `bulwark batch (${ROWS} rows, ${RPM} RPM enforced upstream)`,
  run,
};
