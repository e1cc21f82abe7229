// Core call throughput against its floor: calls per second of bare undici
// `request()` on a keep-alive `Pool` and of `createClient()`, sequentially and
// at 16 callers in flight, in one run against the same plain `node:http`
// upstream (a child process). The bare `openai` SDK on its default `fetch` runs
// beside them for reference. Every path sends the same body and parses the
// JSON answer; each call's prompt carries a unique number, so that no call can
// be a cache hit while `createClient()` keeps its shipped defaults (only
// `apiKey` and `baseURL` are set). Each path first makes thousands of calls in
// each mode, unmeasured, so that what is timed is the steady state of a running
// service rather than the JIT compiling (a path with more code takes longer to
// get there). Short runs alternate between the paths, in
// reversed order every other round, so that drift in the machine hits all of
// them alike; a ratio is the median of the per-round ratios.
import { createClient } from '@bulwark/core';
import OpenAI from 'openai';
import { Pool } from 'undici';
import { median, type BenchRow } from './bench-row.js';
import { callsPerSecond, type BenchCall } from './calls-per-second.js';
import { stopChild } from './child-process.js';
import { startPlainUpstream } from './plain-upstream.js';

const ROUNDS = 8;
const API_KEY = 'sk-bench.not-a-real-key-000000';
/** Bulwark's default keep-alive connections per upstream origin (`BULWARK_UPSTREAM_CONNECTIONS`). */
const UPSTREAM_CONNECTIONS = 32;
/** The quality bar: `createClient()` at least this share of bare `request()`'s calls/s. */
const TARGET_RATIO = 0.7;
const MODES = [
  { label: 'sequential', concurrency: 1, calls: 150, warmup: 3000 },
  { label: '16 concurrent', concurrency: 16, calls: 400, warmup: 4000 },
] as const;
const PATHS = ['bare', 'bulwark', 'sdk'] as const;
type PathName = (typeof PATHS)[number];

function chatParams(sequence: number) {
  return {
    model: 'gpt-4-1106-preview',
    messages: [
      { role: 'system' as const, content: 'You are a terse assistant.' },
      { role: 'user' as const, content: `Hello, benchmark call ${sequence}` },
    ],
    max_tokens: 16,
  };
}

/** The floor: one keep-alive pool, the body serialised once, the answer parsed once. */
function bareRequest(baseURL: string): { call: BenchCall; pool: Pool } {
  const url = new URL(`${baseURL}/chat/completions`);
  const pool = new Pool(url.origin, { connections: UPSTREAM_CONNECTIONS });
  const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
  const call: BenchCall = async (sequence) => {
    const { statusCode, body } = await pool.request({
      path: url.pathname,
      method: 'POST',
      headers,
      body: JSON.stringify(chatParams(sequence)),
    });
    const answer = (await body.json()) as { choices?: unknown };
    if (statusCode !== 200 || !Array.isArray(answer.choices)) {
      throw new Error(`the upstream answered ${statusCode}`);
    }
    return answer;
  };
  return { call, pool };
}

type Figures = Record<PathName, number[]>;

/** Rows: calls/s of each path sequentially and at 16 concurrent, and `createClient()` / bare. */
export async function runCoreTransportBenchmark(): Promise<BenchRow[]> {
  const upstream = await startPlainUpstream();
  const bare = bareRequest(upstream.url);
  const client = createClient({ apiKey: API_KEY, baseURL: upstream.url });
  const sdk = new OpenAI({ apiKey: API_KEY, baseURL: upstream.url });
  let bulwarkCalls = 0;
  const calls: Record<PathName, BenchCall> = {
    bare: bare.call,
    bulwark: (sequence) => {
      bulwarkCalls += 1;
      return client.chat.completions.create(chatParams(sequence));
    },
    sdk: (sequence) => sdk.chat.completions.create(chatParams(sequence)),
  };
  try {
    const rows: BenchRow[] = [];
    for (const mode of MODES) {
      for (const path of PATHS) await callsPerSecond(calls[path], mode.warmup, mode.concurrency);
      const figures: Figures = { bare: [], bulwark: [], sdk: [] };
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 === 0 ? PATHS : [...PATHS].reverse();
        for (const path of order) {
          figures[path].push(await callsPerSecond(calls[path], mode.calls, mode.concurrency));
        }
        ratios.push((figures.bulwark[round] as number) / (figures.bare[round] as number));
      }
      rows.push(...modeRows(mode, figures, ratios));
    }
    const health = client.health();
    if (health.usage.requests !== bulwarkCalls || (health.cache?.hits ?? 0) !== 0) {
      throw new Error('every createClient() call must reach the upstream, none from the cache');
    }
    return rows;
  } finally {
    await client.close();
    await bare.pool.close();
    await stopChild(upstream.child);
  }
}

function modeRows(mode: (typeof MODES)[number], figures: Figures, ratios: number[]): BenchRow[] {
  const rate = (name: string, values: number[]): BenchRow => ({
    name,
    value: median(values),
    unit: 'calls/s',
  });
  return [
    rate(
      `bare undici request(), ${mode.label} (median of ${ROUNDS} × ${mode.calls} calls)`,
      figures.bare,
    ),
    rate(`createClient() defaults, ${mode.label}`, figures.bulwark),
    {
      name: `createClient() / bare request(), ${mode.label} (target ≥ ${TARGET_RATIO})`,
      value: median(ratios),
      unit: 'ratio',
      target: TARGET_RATIO,
    },
    rate(`openai SDK on its default fetch, ${mode.label} (reference)`, figures.sdk),
  ];
}
