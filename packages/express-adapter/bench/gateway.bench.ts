// Gateway overhead (DESIGN §9): the same upstream called directly and through
// the gateway, in the same run. The upstream (bulwark-mock) and the gateway
// each run in a child process; autocannon runs here.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median, type BenchRow, type Benchmark } from '../../../bench/src/bench-row.js';
import {
  startListeningChild,
  startMockUpstream,
  stopChild,
} from '../../../bench/src/child-process.js';

const directory = dirname(fileURLToPath(import.meta.url));
/**
 * The gateway process: the built packages in front of the upstream whose base
 * URL is its first argument, on a free loopback port; prints its URL.
 */
const GATEWAY_SCRIPT = `
import { loadConfig } from '@bulwark/core';
import { createGatewayApp, listenGateway } from '@bulwark/express-adapter';
import { pino } from 'pino';

const upstream = process.argv[1];
if (upstream === undefined) throw new Error('usage: node --eval GATEWAY_SCRIPT <upstream base URL>');
const config = loadConfig({
  env: {
    OPENAI_API_KEY: 'sk-bench.not-a-real-key-000000',
    OPENAI_BASE_URL: upstream,
    // Every request must reach the upstream: a cache hit would flatter the gateway.
    BULWARK_CACHE: 'off',
    // The bulkhead must not be what limits throughput here; the defaults queue beyond 32.
    BULWARK_MAX_CONCURRENCY: '1024',
    BULWARK_MAX_QUEUE: '1024',
    BULWARK_MAX_ATTEMPTS: '1',
    BULWARK_LOG_LEVEL: 'info',
  },
});
const app = createGatewayApp(config, {
  perCallerLimit: false,
  defaultMetrics: true,
  // Logging stays on (one line per request, as in production), written to /dev/null.
  logDestination: pino.destination({ dest: '/dev/null', sync: false }),
});
const server = await listenGateway(app, { host: '127.0.0.1', port: 0 });
process.stdout.write(\`\${server.url}/v1\\n\`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
`;
const RUNS = 3;
const DURATION_SECONDS = 5;
const BODY = JSON.stringify({
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user', content: 'Hello, benchmark' }],
  max_tokens: 16,
});

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
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
    errors: result.errors + result.non2xx,
  };
}

export const benchmark: Benchmark = {
  name: `gateway overhead (${RUNS} × ${DURATION_SECONDS} s per figure, medians)`,
  async run(): Promise<BenchRow[]> {
    const upstream = await startMockUpstream();
    // Plain JavaScript against the built packages: no TypeScript loader in the measured process.
    const gateway = await startListeningChild(
      ['--input-type=module', '--eval', GATEWAY_SCRIPT, upstream.url],
      {
        cwd: join(directory, '..'),
      },
    );
    try {
      // Warm both paths up (JIT, connection pools).
      await load(upstream.url, 8);
      await load(gateway.url, 8);
      const addedP50: number[] = [];
      const addedP99: number[] = [];
      const throughputRatio: number[] = [];
      let errors = 0;
      for (let run = 0; run < RUNS; run += 1) {
        // Latency with one connection: the time a request spends in the gateway, not in queues.
        const directLatency = await load(upstream.url, 1);
        const gatewayLatency = await load(gateway.url, 1);
        addedP50.push(gatewayLatency.p50 - directLatency.p50);
        addedP99.push(gatewayLatency.p99 - directLatency.p99);
        // Throughput with enough connections to keep both saturated.
        const direct = await load(upstream.url, 32);
        const proxied = await load(gateway.url, 32);
        throughputRatio.push(proxied.requestsPerSecond / direct.requestsPerSecond);
        errors += directLatency.errors + gatewayLatency.errors + direct.errors + proxied.errors;
      }
      if (errors > 0) throw new Error(`${errors} requests failed during the benchmark`);
      return [
        {
          name: 'gateway added latency p50 (1 connection)',
          value: median(addedP50),
          unit: 'ms',
          target: 0.3,
          lowerIsBetter: true,
        },
        {
          name: 'gateway added latency p99 (1 connection)',
          value: median(addedP99),
          unit: 'ms',
          target: 2,
          lowerIsBetter: true,
        },
        {
          name: 'gateway throughput / direct (32 connections)',
          value: median(throughputRatio),
          unit: 'ratio',
          target: 0.4,
        },
      ];
    } finally {
      await stopChild(gateway.child);
      await stopChild(upstream.child);
    }
  },
};
