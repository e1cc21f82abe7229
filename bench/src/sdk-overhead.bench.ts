// Core call overhead: the same sequential calls through the bare `openai` SDK
// and through `createClient` (cache off, so every call reaches the upstream),
// against one mock upstream in a child process on loopback. Runs alternate
// between the two in short runs so that drift in the machine hits both alike;
// the ratio is the median of the per-pair ratios.
import { createClient } from '@bulwark/core';
import OpenAI from 'openai';
import { startMockUpstream, stopChild } from './child-process.js';
import { median, type BenchRow } from './bench-row.js';

const RUNS = 15;
const CALLS_PER_RUN = 250;
const WARMUP_CALLS = 800;
const API_KEY = 'sk-bench.not-a-real-key-000000';
const params = {
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user' as const, content: 'Hello, benchmark' }],
  max_tokens: 16,
};

type Call = () => Promise<unknown>;

async function microsecondsPerCall(call: Call, calls: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < calls; index += 1) await call();
  return Number(process.hrtime.bigint() - started) / calls / 1000;
}

/** Rows: bare SDK and Bulwark latency per call, the added microseconds and their ratio. */
export async function runSdkOverheadBenchmark(): Promise<BenchRow[]> {
  const upstream = await startMockUpstream();
  const sdk = new OpenAI({ apiKey: API_KEY, baseURL: upstream.url, maxRetries: 0 });
  const client = createClient({ apiKey: API_KEY, baseURL: upstream.url, cache: { store: 'off' } });
  const bare: Call = () => sdk.chat.completions.create(params);
  const bulwark: Call = () => client.chat.completions.create(params);
  try {
    await microsecondsPerCall(bare, WARMUP_CALLS);
    await microsecondsPerCall(bulwark, WARMUP_CALLS);
    const bareRuns: number[] = [];
    const bulwarkRuns: number[] = [];
    const ratios: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const bareMicroseconds = await microsecondsPerCall(bare, CALLS_PER_RUN);
      const bulwarkMicroseconds = await microsecondsPerCall(bulwark, CALLS_PER_RUN);
      bareRuns.push(bareMicroseconds);
      bulwarkRuns.push(bulwarkMicroseconds);
      ratios.push(bulwarkMicroseconds / bareMicroseconds);
    }
    const added = bulwarkRuns.map((value, index) => value - (bareRuns[index] as number));
    return [
      {
        name: `core call, bare openai SDK (median of ${RUNS} × ${CALLS_PER_RUN} sequential)`,
        value: median(bareRuns),
        unit: 'µs/call',
        lowerIsBetter: true,
      },
      {
        name: 'core call, through createClient (cache off)',
        value: median(bulwarkRuns),
        unit: 'µs/call',
        lowerIsBetter: true,
      },
      { name: 'core call overhead', value: median(added), unit: 'µs/call', lowerIsBetter: true },
      {
        name: 'core call / bare SDK call',
        value: median(ratios),
        unit: 'ratio',
        lowerIsBetter: true,
      },
    ];
  } finally {
    await client.close();
    await stopChild(upstream.child);
  }
}
