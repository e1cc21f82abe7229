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
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, Benchmark } from '../../../bench/src/bench-row.js';
import {
  startListeningChild,
  stopChild,
  type ListeningChild,
} from '../../../bench/src/child-process.js';
import { processCpuMicros } from '../../../bench/src/process-cpu.js';
import {
  DURATION_SECONDS,
  checkEveryRequestReachesTheUpstream,
  load,
  streams,
} from './gateway-load.js';
import { gatewayRows, type PathName } from './gateway-rows.js';
import { sinkStats, startBulwarkServe } from './gateway-serve.js';

const directory = dirname(fileURLToPath(import.meta.url));
const RUNS = 3;

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
      return gatewayRows(
        figures,
        paths.map(([name]) => name),
        exported['/v1/traces']?.requests ?? 0,
      );
    } finally {
      for (const child of children.reverse()) await stopChild(child.child);
    }
  },
};
