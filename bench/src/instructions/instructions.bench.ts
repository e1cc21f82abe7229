// Instructions per call and per gateway request, counted by valgrind's
// callgrind, beside the same floors as the timed benchmarks: bare undici
// `request()` for a core call, the bare `node:http` + undici proxy for a
// gateway request. On an otherwise idle machine the main thread's count moves
// by 1–2 % between runs of the same code, where calls/s on a shared two-core
// host moves by 10–20 %; under load from other processes it grows (V8's helper
// threads get less time, so the main thread does more of the collector's
// work). It leaves out what the kernel does and what cache misses cost, so it
// complements the timed figures and does not replace them. Every path runs its own process under callgrind
// (about 50 times slower), warmed up first; only the process under test is
// counted, never the upstream or the load generator.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchRow } from '../bench-row.js';
import { startListeningChild, stopChild } from '../child-process.js';
import { startPlainUpstream } from '../plain-upstream.js';
import {
  startCallgrindProcess,
  type CallgrindProcess,
  type InstructionCount,
} from './callgrind-process.js';

const directory = dirname(fileURLToPath(import.meta.url));
const root = join(directory, '../../..');
const CORE_WARMUP = [4000, 2000] as const;
const CORE_CALLS = 3000;
const GATEWAY_WARMUP = [3000, 2000] as const;
const GATEWAY_REQUESTS = 2000;
/** Idle time after the first warm-up: the compiler threads catch up before the count. */
const SETTLE_MS = 5000;
const GATEWAY_BODY = JSON.stringify({
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user', content: 'Hello, benchmark' }],
  max_tokens: 64,
});

const per = (count: InstructionCount, times: number): InstructionCount => ({
  mainThread: count.mainThread / times,
  allThreads: count.allThreads / times,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** Instructions per core call of one path (`bare` or `bulwark`). */
async function coreCallInstructions(
  path: 'bare' | 'bulwark',
  upstream: string,
): Promise<InstructionCount> {
  const program = await startCallgrindProcess(
    [join(directory, 'core-call.program.mjs'), path, upstream],
    { cwd: join(root, 'bench') },
  );
  try {
    const order = async (line: string) => {
      program.send(line);
      await program.nextLine();
    };
    await order(`warm ${CORE_WARMUP[0]}`);
    await settle();
    await order(`warm ${CORE_WARMUP[1]}`);
    const count = await program.countWhile(() => order(`run ${CORE_CALLS}`));
    return per(count, CORE_CALLS);
  } finally {
    program.stop();
  }
}

/** Sends `amount` chat completions, 8 at a time; any failure is an error. */
async function load(url: string, amount: number): Promise<void> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: `${url}/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: GATEWAY_BODY,
        connections: 8,
        amount,
        timeout: 60,
      },
      (error: unknown, finished: autocannon.Result) =>
        error == null ? resolve(finished) : reject(error as Error),
    );
  });
  if (result.errors + result.non2xx > 0) {
    throw new Error(`${result.errors + result.non2xx} gateway requests failed`);
  }
}

/** Instructions per request of a gateway process. */
async function gatewayInstructions(gateway: CallgrindProcess): Promise<InstructionCount> {
  const url = gateway.url;
  if (url === undefined) throw new Error('the gateway printed no URL');
  await load(url, GATEWAY_WARMUP[0]);
  await settle();
  await load(url, GATEWAY_WARMUP[1]);
  const count = await gateway.countWhile(() => load(url, GATEWAY_REQUESTS));
  return per(count, GATEWAY_REQUESTS);
}

/** `bulwark serve` as shipped, its settings in a `.env` file, under callgrind. */
function startServe(upstream: string): Promise<CallgrindProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  const settings = `OPENAI_API_KEY=sk-bench.not-a-real-key-000000\nOPENAI_BASE_URL=${upstream}\n`;
  writeFileSync(join(folder, '.env'), settings);
  const cli = join(root, 'packages/cli/dist/bin.js');
  return startCallgrindProcess([cli, 'serve', '--port', '0'], { cwd: folder });
}

const round = (value: number) => Math.round(value);
const ratio = (value: number) => Math.round(value * 1000) / 1000;

/** Rows for a path against its floor: each count, and the ratio, for the main thread and all. */
function rows(
  [floorName, pathName, per]: [string, string, string],
  [floor, path]: [InstructionCount, InstructionCount],
): BenchRow[] {
  const unit = 'instructions';
  return (['mainThread', 'allThreads'] as const).flatMap((threads) => {
    const label = threads === 'mainThread' ? 'main thread' : 'all threads';
    return [
      { name: `${floorName}: per ${per}, ${label}`, value: round(floor[threads]), unit },
      { name: `${pathName}: per ${per}, ${label}`, value: round(path[threads]), unit },
      {
        name: `${pathName} / ${floorName} instructions per ${per}, ${label}`,
        value: ratio(path[threads] / floor[threads]),
        unit: 'ratio',
        lowerIsBetter: true,
      },
    ];
  });
}

/** The rows: instructions per core call and per gateway request, and their ratios to the floors. */
export async function runInstructionsBenchmark(): Promise<BenchRow[]> {
  const plain = await startPlainUpstream();
  let core: [InstructionCount, InstructionCount];
  try {
    // The two paths run at once, one a core: neither waits on the other.
    core = (await Promise.all([
      coreCallInstructions('bare', plain.url),
      coreCallInstructions('bulwark', plain.url),
    ])) as [InstructionCount, InstructionCount];
  } finally {
    await stopChild(plain.child);
  }
  const gatewayDirectory = join(root, 'packages/express-adapter/bench');
  const upstream = await startListeningChild([join(gatewayDirectory, 'children/upstream.mjs')]);
  const processes: CallgrindProcess[] = [];
  let gateway: [InstructionCount, InstructionCount];
  try {
    processes.push(
      await startCallgrindProcess([
        join(gatewayDirectory, 'children/bare-proxy.mjs'),
        upstream.url,
      ]),
      await startServe(upstream.url),
    );
    gateway = (await Promise.all(processes.map(gatewayInstructions))) as [
      InstructionCount,
      InstructionCount,
    ];
  } finally {
    for (const process of processes) process.stop();
    await stopChild(upstream.child);
  }
  return [
    ...rows(['bare request()', 'createClient()', 'call (16 concurrent)'], core),
    ...rows(['bare proxy', 'bulwark serve', 'request (8 conn)'], gateway),
  ];
}
