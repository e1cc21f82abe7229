// The gateway against the floor for a Node gateway, in one run on the same
// upstream (see docs/architecture.md, "The gateway handler"): the upstream
// called directly, a bare node:http + undici Pool proxy (bench/children), and
// `bulwark serve` as shipped (default settings: logging on, no per-caller
// limit). A fourth path, the gateway handler over a stand-in client that
// makes one undici request per call, shows what the gateway layer costs
// without core. A fifth, `bulwark serve` with a two-deployment route whose
// primary answers every call with a 503, shows what falling over costs once
// the primary's circuit is open. A sixth, `bulwark serve` with the
// OpenTelemetry SDK registered (OTEL_EXPORTER_OTLP_ENDPOINT pointing at a
// local sink that takes every export), shows what tracing costs when spans
// and metrics are really recorded and exported; the plain `bulwark serve`
// runs with no OTEL_* variable, so tracing off. Each runs in its own child
// process; autocannon and the stream timer run here. It prints figures and
// ratios; it asserts no speed.
import { request as httpRequest, Agent } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const RUNS = 3;
const DURATION_SECONDS = 5;
const STREAMS_PER_RUN = 100;
// Not deterministic (no temperature 0): the default cache bypasses it, so every
// request reaches the upstream on every path.
const BODY = JSON.stringify({
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user', content: 'Hello, benchmark' }],
  max_tokens: 64,
});
const STREAM_BODY = JSON.stringify({ ...(JSON.parse(BODY) as object), stream: true });

type PathName =
  | 'direct'
  | 'bare proxy'
  | 'handler without core'
  | 'bulwark serve'
  | 'bulwark serve, fallback'
  | 'bulwark serve, OTel SDK registered';

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Runs autocannon; latencies are taken from each response (autocannon's histogram rounds to 1 ms). */
async function load(baseURL: string, connections: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${baseURL}/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        connections,
        duration: DURATION_SECONDS,
      },
      (error: unknown, finished: autocannon.Result) =>
        error == null ? resolve(finished) : reject(error as Error),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ??
    Number.NaN;
  return {
    requestsPerSecond: result.requests.total / DURATION_SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    failed: result.errors + result.non2xx,
  };
}

interface StreamTiming {
  /** Milliseconds from sending the request to the first body bytes. */
  firstChunk: number;
  /** Milliseconds from sending the request to the end of the stream. */
  lastChunk: number;
}

/** One streamed completion over a keep-alive connection, timed. */
function timeStream(baseURL: string, agent: Agent): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstChunk: number | undefined;
    const outgoing = httpRequest(
      `${baseURL}/chat/completions`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
        response.on('data', () => (firstChunk ??= performance.now() - started));
        response.on('end', () =>
          resolve({ firstChunk: firstChunk ?? Number.NaN, lastChunk: performance.now() - started }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(STREAM_BODY);
  });
}

/** Median time to the first and to the last chunk of sequential streams. */
async function streams(baseURL: string): Promise<StreamTiming> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: StreamTiming[] = [];
  try {
    for (let index = 0; index < STREAMS_PER_RUN; index += 1) {
      timings.push(await timeStream(baseURL, agent));
    }
  } finally {
    agent.destroy();
  }
  return {
    firstChunk: median(timings.map((timing) => timing.firstChunk)),
    lastChunk: median(timings.map((timing) => timing.lastChunk)),
  };
}

/** What a `bulwark serve` path adds to the plain one. */
interface ServeVariant {
  /** A routes file whose primary deployment is down. */
  fallback?: boolean;
  /** The OTLP endpoint to export traces and metrics to. */
  otlpEndpoint?: string;
}

/**
 * `bulwark serve` as a user runs it: the built CLI, its settings from a
 * `.env` file. With `fallback`, it has a routes file whose primary
 * deployment answers every call with a 503 (the upstream's `/down/` path)
 * and whose secondary is the upstream itself. With `otlpEndpoint`, it
 * exports to it (the OpenTelemetry SDK reads its settings from the
 * process's environment, not from `.env`); without, no `OTEL_*` variable of
 * this process reaches it.
 */
async function startBulwarkServe(
  upstream: string,
  { fallback = false, otlpEndpoint }: ServeVariant = {},
): Promise<ListeningChild> {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  const variables = [
    'OPENAI_API_KEY=sk-bench.not-a-real-key-000000',
    `OPENAI_BASE_URL=${upstream}`,
  ];
  if (fallback) {
    const { origin } = new URL(upstream);
    const key = { apiKeyEnv: 'OPENAI_API_KEY' };
    const routes = {
      deployments: {
        primary: { provider: 'openai', baseURL: `${origin}/down/v1`, ...key },
        secondary: { provider: 'openai', baseURL: upstream, ...key },
      },
      routes: { 'gpt-4-1106-preview': { deployments: ['primary', 'secondary'] } },
    };
    writeFileSync(join(folder, 'routes.json'), JSON.stringify(routes));
    variables.push('BULWARK_ROUTES_FILE=routes.json');
  }
  writeFileSync(join(folder, '.env'), `${variables.join('\n')}\n`);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  if (otlpEndpoint !== undefined) env['OTEL_EXPORTER_OTLP_ENDPOINT'] = otlpEndpoint;
  return startListeningChild([CLI_BIN, 'serve', '--port', '0'], { cwd: folder, env });
}

/** Export requests the sink took, per path (`/v1/traces`, `/v1/metrics`). */
async function sinkStats(sink: string): Promise<Record<string, { requests: number }>> {
  const response = await fetch(`${sink}/stats`);
  return (await response.json()) as Record<string, { requests: number }>;
}

/** Refuses to measure a gateway the cache would flatter. */
async function checkEveryRequestReachesTheUpstream(baseURL: string): Promise<void> {
  for (let index = 0; index < 2; index += 1) {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    await response.arrayBuffer();
    const cache = response.headers.get('x-bulwark-cache');
    if (response.status !== 200 || cache === 'hit') {
      throw new Error(`the gateway answered ${response.status} (cache: ${cache ?? 'none'})`);
    }
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * CPU time per request of each path's own process at 32 connections (Linux
 * only), and the gateway's over the bare proxy's: what each request costs the
 * process, whatever the load generator and the upstream take of the same
 * cores, so it moves less from run to run than throughput does.
 */
function cpuRows(figures: Map<string, number[]>): BenchRow[] {
  const cpu = (name: PathName) => {
    const values = figures.get(`${name} 32 cpu`);
    return values === undefined ? undefined : median(values);
  };
  const rows: BenchRow[] = [];
  for (const name of ['bare proxy', 'handler without core', 'bulwark serve'] as const) {
    const value = cpu(name);
    if (value === undefined) continue;
    rows.push({
      name: `${name}, 32 conn: CPU time of its process per request`,
      value: round(value),
      unit: 'µs',
      lowerIsBetter: true,
    });
  }
  const bare = cpu('bare proxy');
  for (const name of ['handler without core', 'bulwark serve'] as const) {
    const value = cpu(name);
    if (value === undefined || bare === undefined) continue;
    rows.push({
      name: `${name} / bare proxy CPU time per request (32 conn)`,
      value: round(value / bare),
      unit: 'ratio',
      lowerIsBetter: true,
    });
  }
  return rows;
}

export const benchmark: Benchmark = {
  name: `gateway vs bare proxy vs direct (${RUNS} runs × ${DURATION_SECONDS} s per figure, medians)`,
  async run(): Promise<BenchRow[]> {
    const upstream = await startListeningChild([join(directory, 'children/upstream.mjs')]);
    const children: ListeningChild[] = [upstream];
    try {
      const bare = await startListeningChild([
        join(directory, 'children/bare-proxy.mjs'),
        upstream.url,
      ]);
      children.push(bare);
      // Run from the package folder: it imports the built `@bulwark/express-adapter/node`.
      const handlerOnly = await startListeningChild(
        [join(directory, 'children/handler-over-pool.mjs'), upstream.url],
        { cwd: join(directory, '..') },
      );
      children.push(handlerOnly);
      const bulwark = await startBulwarkServe(upstream.url);
      children.push(bulwark);
      const fallback = await startBulwarkServe(upstream.url, { fallback: true });
      children.push(fallback);
      const sink = await startListeningChild([join(directory, 'children/otlp-sink.mjs')]);
      children.push(sink);
      const traced = await startBulwarkServe(upstream.url, { otlpEndpoint: sink.url });
      children.push(traced);
      // Each path's own process, whose CPU time per request is read around every load.
      const paths: [PathName, string, number | undefined][] = [
        ['direct', upstream.url, upstream.child.pid],
        ['bare proxy', bare.url, bare.child.pid],
        ['handler without core', handlerOnly.url, handlerOnly.child.pid],
        ['bulwark serve', bulwark.url, bulwark.child.pid],
        ['bulwark serve, fallback', fallback.url, fallback.child.pid],
        ['bulwark serve, OTel SDK registered', traced.url, traced.child.pid],
      ];
      await checkEveryRequestReachesTheUpstream(bulwark.url);
      await checkEveryRequestReachesTheUpstream(fallback.url);
      await checkEveryRequestReachesTheUpstream(traced.url);
      // Warm every path up (JIT, connection pools).
      for (const [, url] of paths) {
        await load(url, 8);
        await streams(url);
      }
      const figures = new Map<string, number[]>();
      const add = (key: string, value: number) =>
        figures.set(key, [...(figures.get(key) ?? []), value]);
      let failed = 0;
      for (let run = 0; run < RUNS; run += 1) {
        for (const connections of [1, 32]) {
          for (const [name, url, pid] of paths) {
            const cpuBefore = processCpuMicros(pid);
            const result = await load(url, connections);
            const cpuAfter = processCpuMicros(pid);
            const requests = result.requestsPerSecond * DURATION_SECONDS;
            if (cpuBefore !== undefined && cpuAfter !== undefined && requests > 0) {
              add(`${name} ${connections} cpu`, (cpuAfter - cpuBefore) / requests);
            }
            failed += result.failed;
            add(`${name} ${connections} req/s`, result.requestsPerSecond);
            add(`${name} ${connections} p50`, result.p50);
            add(`${name} ${connections} p99`, result.p99);
          }
        }
        for (const [name, url] of paths) {
          const timing = await streams(url);
          add(`${name} first chunk`, timing.firstChunk);
          add(`${name} last chunk`, timing.lastChunk);
        }
      }
      if (failed > 0) throw new Error(`${failed} requests failed during the benchmark`);
      // Spans are exported in batches every 5 s at most: by now the sink must have some.
      const exported = await sinkStats(sink.url);
      if ((exported['/v1/traces']?.requests ?? 0) === 0) {
        throw new Error('the OTel path exported no spans: its figures would not show tracing');
      }
      const value = (key: string) => median(figures.get(key) ?? []);
      const rows: BenchRow[] = [];
      for (const connections of [1, 32]) {
        for (const [name] of paths) {
          rows.push(
            {
              name: `${name}, ${connections} conn: throughput`,
              value: round(value(`${name} ${connections} req/s`)),
              unit: 'req/s',
            },
            {
              name: `${name}, ${connections} conn: latency p50`,
              value: round(value(`${name} ${connections} p50`)),
              unit: 'ms',
              lowerIsBetter: true,
            },
            {
              name: `${name}, ${connections} conn: latency p99`,
              value: round(value(`${name} ${connections} p99`)),
              unit: 'ms',
              lowerIsBetter: true,
            },
          );
        }
      }
      rows.push(...cpuRows(figures));
      const added = (name: PathName, figure: string) =>
        value(`${name} ${figure}`) - value(`direct ${figure}`);
      rows.push(
        {
          name: 'bulwark / bare proxy throughput (32 conn)',
          value: round(value('bulwark serve 32 req/s') / value('bare proxy 32 req/s')),
          unit: 'ratio',
          target: 0.8,
        },
        {
          name: 'fallback route (primary down) latency p50 − single deployment p50 (1 conn)',
          value: round(value('bulwark serve, fallback 1 p50') - value('bulwark serve 1 p50')),
          unit: 'ms',
          target: 1,
          lowerIsBetter: true,
        },
        {
          name: 'fallback route (primary down) latency p99 − single deployment p99 (1 conn)',
          value: round(value('bulwark serve, fallback 1 p99') - value('bulwark serve 1 p99')),
          unit: 'ms',
          target: 1,
          lowerIsBetter: true,
        },
        {
          name: 'OTel SDK registered / tracing off throughput (32 conn)',
          value: round(
            value('bulwark serve, OTel SDK registered 32 req/s') / value('bulwark serve 32 req/s'),
          ),
          unit: 'ratio',
        },
        {
          name: 'OTel SDK registered − tracing off latency p50 (1 conn)',
          value: round(
            value('bulwark serve, OTel SDK registered 1 p50') - value('bulwark serve 1 p50'),
          ),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'OTel SDK registered − tracing off latency p99 (1 conn)',
          value: round(
            value('bulwark serve, OTel SDK registered 1 p99') - value('bulwark serve 1 p99'),
          ),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'OTel SDK registered − tracing off time to first stream chunk',
          value: round(
            value('bulwark serve, OTel SDK registered first chunk') -
              value('bulwark serve first chunk'),
          ),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'OTel sink: trace export requests received',
          value: exported['/v1/traces']?.requests ?? 0,
          unit: 'requests',
        },
        {
          name: 'handler without core / bare proxy throughput (32 conn)',
          value: round(value('handler without core 32 req/s') / value('bare proxy 32 req/s')),
          unit: 'ratio',
        },
        {
          name: 'handler without core added p50 − bare proxy added p50',
          value: round(added('handler without core', '1 p50') - added('bare proxy', '1 p50')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'handler without core added time to first stream chunk',
          value: round(added('handler without core', 'first chunk')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bare proxy added latency p50 (1 conn)',
          value: round(added('bare proxy', '1 p50')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added latency p50 (1 conn)',
          value: round(added('bulwark serve', '1 p50')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added p50 − bare proxy added p50',
          value: round(added('bulwark serve', '1 p50') - added('bare proxy', '1 p50')),
          unit: 'ms',
          target: 0.2,
          lowerIsBetter: true,
        },
        {
          name: 'bare proxy added latency p99 (1 conn)',
          value: round(added('bare proxy', '1 p99')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added latency p99 (1 conn)',
          value: round(added('bulwark serve', '1 p99')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added p99 − bare proxy added p99',
          value: round(added('bulwark serve', '1 p99') - added('bare proxy', '1 p99')),
          unit: 'ms',
          target: 1,
          lowerIsBetter: true,
        },
        {
          name: 'bare proxy added time to first stream chunk',
          value: round(added('bare proxy', 'first chunk')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added time to first stream chunk',
          value: round(added('bulwark serve', 'first chunk')),
          unit: 'ms',
          target: 1,
          lowerIsBetter: true,
        },
        // Upstream chunks are 2 ms apart: a gateway holding frames back adds time here.
        {
          name: 'bare proxy added time to last stream chunk',
          value: round(added('bare proxy', 'last chunk')),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: 'bulwark added time to last stream chunk',
          value: round(added('bulwark serve', 'last chunk')),
          unit: 'ms',
          lowerIsBetter: true,
        },
      );
      return rows;
    } finally {
      for (const child of children.reverse()) await stopChild(child.child);
    }
  },
};
