// What the key store costs at the gateway, in one run on the same upstream
// and the same `bulwark serve` process: the same request made with a key of
// BULWARK_API_KEYS (checked in memory), with a store key without limits (a
// lookup by hash, and its spend settled durably after each call), and with
// a store key with a budget (that, plus the prompt's token count and a
// reservation before each call). The store is the default SQLite file in
// BULWARK_STATE_DIR; with BULWARK_BENCH_REDIS_URL set, the same is measured
// again with the Redis store there (keys of unique names, revoked after). It
// prints figures and the store keys' throughput over the listed key's (goal
// ≥ 0.9, docs/keys.md); it asserts no speed. The three alternate in short
// runs, in reversed order every other round, so that drift in the machine
// hits them alike; a ratio is the median of the rounds' ratios.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { median, type BenchRow, type Benchmark } from '../../../bench/src/bench-row.js';
import {
  startListeningChild,
  stopChild,
  type ListeningChild,
} from '../../../bench/src/child-process.js';
import { processCpuMicros } from '../../../bench/src/process-cpu.js';

const directory = dirname(fileURLToPath(import.meta.url));
const CLI_BIN = join(directory, '../../cli/dist/bin.js');
const RUNS = 7;
const DURATION_SECONDS = 2;
const CONNECTIONS = 32;
const LISTED_KEY = 'sk-bench.listed-key-0000000000000000';
// Not deterministic (no temperature 0): the default cache bypasses it, so every call is settled.
const BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hello, key benchmark' }],
  max_tokens: 64,
});

type KeyKind = 'BULWARK_API_KEYS key' | 'store key, no limits' | 'store key with a budget';

interface Load {
  requestsPerSecond: number;
  failed: number;
  /** CPU time of the gateway's process per request, in µs (Linux only). */
  cpuPerRequest: number | undefined;
}

async function load(gateway: ListeningChild, key: string): Promise<Load> {
  const cpuBefore = processCpuMicros(gateway.child.pid);
  const result = await autocannon({
    url: `${gateway.url}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: BODY,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  const cpuAfter = processCpuMicros(gateway.child.pid);
  const requests = result.requests.total;
  return {
    requestsPerSecond: requests / DURATION_SECONDS,
    failed: result.errors + result.non2xx,
    cpuPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || requests === 0
        ? undefined
        : (cpuAfter - cpuBefore) / requests,
  };
}

/** Where the keys live: the SQLite file in `folder/state`, or Redis. */
interface StoreSetting {
  folder: string;
  redisUrl: string | undefined;
}

/** The store's variables, for the CLI and for `bulwark serve`. */
function storeVariables({ folder, redisUrl }: StoreSetting): Record<string, string> {
  return redisUrl === undefined
    ? { BULWARK_STATE_DIR: join(folder, 'state') }
    : { BULWARK_REDIS_URL: redisUrl };
}

/** Runs `bulwark keys …` with the built CLI and returns its stdout. */
async function keys(store: StoreSetting, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI_BIN, 'keys', ...args], {
    cwd: store.folder,
    env: { PATH: process.env['PATH'], ...storeVariables(store) },
  });
  return stdout.trim();
}

/** `bulwark serve` over the store, with the listed key too, settings from `.env`. */
async function startServe(store: StoreSetting, upstream: string): Promise<ListeningChild> {
  const variables = {
    OPENAI_API_KEY: 'sk-bench.not-a-real-key-000000',
    OPENAI_BASE_URL: upstream,
    BULWARK_API_KEYS: LISTED_KEY,
    ...storeVariables(store),
  };
  writeFileSync(
    join(store.folder, '.env'),
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  return startListeningChild([CLI_BIN, 'serve', '--port', '0'], { cwd: store.folder, env });
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The three kinds of key on one store: their throughput, and the store keys' ratios. */
async function measure(store: StoreSetting, label: string): Promise<BenchRow[]> {
  const upstream = await startListeningChild([join(directory, 'children/upstream.mjs')]);
  const suffix = Math.random().toString(36).slice(2, 8);
  const names = [`bench-open-${suffix}`, `bench-budget-${suffix}`] as const;
  let serve: ListeningChild | undefined;
  try {
    const kinds: [KeyKind, string][] = [
      ['BULWARK_API_KEYS key', LISTED_KEY],
      ['store key, no limits', await keys(store, ['create', '--name', names[0]])],
      [
        'store key with a budget',
        await keys(store, ['create', '--name', names[1], '--budget-usd', '100000']),
      ],
    ];
    serve = await startServe(store, upstream.url);
    for (const [, key] of kinds) await load(serve, key); // warm-up
    const rates = new Map<KeyKind, number[]>();
    const ratios = new Map<KeyKind, number[]>();
    const cpu = new Map<KeyKind, number[]>();
    let failed = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const measured = new Map<KeyKind, number>();
      for (const [kind, key] of run % 2 === 0 ? kinds : [...kinds].reverse()) {
        const { requestsPerSecond, failed: failures, cpuPerRequest } = await load(serve, key);
        measured.set(kind, requestsPerSecond);
        rates.set(kind, [...(rates.get(kind) ?? []), requestsPerSecond]);
        if (cpuPerRequest !== undefined) cpu.set(kind, [...(cpu.get(kind) ?? []), cpuPerRequest]);
        failed += failures;
      }
      const listed = measured.get('BULWARK_API_KEYS key') ?? Number.NaN;
      for (const [kind, rate] of measured) {
        ratios.set(kind, [...(ratios.get(kind) ?? []), rate / listed]);
      }
    }
    if (failed > 0) throw new Error(`${failed} requests failed during the benchmark`);
    return [
      ...kinds.map(([kind]) => ({
        name: `bulwark serve (${label}), ${kind}: throughput`,
        value: round(median(rates.get(kind) ?? [])),
        unit: 'req/s',
      })),
      ...(['store key, no limits', 'store key with a budget'] as const).map((kind) => ({
        name: `${label}: ${kind} / BULWARK_API_KEYS key (throughput, median of ${RUNS} rounds)`,
        value: round(median(ratios.get(kind) ?? [])),
        unit: 'ratio',
        target: 0.9,
      })),
      // What a request costs the gateway's process by kind of key, whatever the load generator
      // takes of the same cores: steadier from run to run than throughput.
      ...kinds.flatMap(([kind]): BenchRow[] => {
        const values = cpu.get(kind);
        if (values === undefined) return [];
        return [
          {
            name: `bulwark serve (${label}), ${kind}: CPU time of its process per request`,
            value: round(median(values)),
            unit: 'µs',
            lowerIsBetter: true,
          },
        ];
      }),
    ];
  } finally {
    if (serve !== undefined) await stopChild(serve.child);
    await stopChild(upstream.child);
    if (store.redisUrl !== undefined) {
      for (const name of names) await keys(store, ['revoke', name]).catch(() => undefined);
    }
  }
}

export const benchmark: Benchmark = {
  name: `gateway keys: store keys vs BULWARK_API_KEYS (${RUNS} runs × ${DURATION_SECONDS} s, ${CONNECTIONS} connections, medians)`,
  async run(): Promise<BenchRow[]> {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-bench-keys-'));
    const rows = await measure({ folder, redisUrl: undefined }, 'SQLite');
    const redisUrl = process.env['BULWARK_BENCH_REDIS_URL'];
    if (redisUrl !== undefined) rows.push(...(await measure({ folder, redisUrl }, 'Redis')));
    return rows;
  },
};
