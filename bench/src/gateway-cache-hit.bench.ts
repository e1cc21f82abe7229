// Cache-hit throughput through the gateway: a warm, cacheable request
// (temperature 0) hammered with autocannon, next to the same request sent
// straight to the upstream, in the same run. The upstream (bulwark-mock) and
// the gateway each run in a child process; autocannon runs here.
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  startListeningChild,
  startMockUpstream,
  stopChild,
  type ListeningChild,
} from './child-process.js';
import { median, type BenchRow } from './bench-row.js';

// The gateway script imports the built packages as this package's dependencies.
const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;
const DURATION_SECONDS = 2;
const CONNECTIONS = 32;
const BODY = JSON.stringify({
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user', content: 'Hello, cached benchmark' }],
  max_tokens: 16,
  temperature: 0,
});

/** The gateway process: built packages, memory cache on, logs to /dev/null; prints its URL. */
const GATEWAY_SCRIPT = `
import { loadConfig } from '@bulwark/core';
import { createGatewayApp, listenGateway } from '@bulwark/express-adapter';
import { pino } from 'pino';

const config = loadConfig({
  env: {
    OPENAI_API_KEY: 'sk-bench.not-a-real-key-000000',
    OPENAI_BASE_URL: process.argv[1],
    BULWARK_CACHE: 'memory',
    BULWARK_MAX_CONCURRENCY: '1024',
    BULWARK_MAX_QUEUE: '1024',
    BULWARK_LOG_LEVEL: 'info',
  },
});
const app = createGatewayApp(config, {
  perCallerLimit: false,
  defaultMetrics: true,
  logDestination: pino.destination({ dest: '/dev/null', sync: false }),
});
const server = await listenGateway(app, { host: '127.0.0.1', port: 0 });
process.stdout.write(\`\${server.url}/v1\\n\`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
`;

async function requestsPerSecond(baseURL: string): Promise<{ rate: number; failures: number }> {
  const result = await autocannon({
    url: `${baseURL}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  return {
    rate: result.requests.total / DURATION_SECONDS,
    failures: result.errors + result.non2xx,
  };
}

async function assertCacheHit(gateway: ListeningChild): Promise<void> {
  const send = () =>
    fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
  await (await send()).arrayBuffer();
  const second = await send();
  await second.arrayBuffer();
  const cache = second.headers.get('x-bulwark-cache');
  if (cache !== 'hit') throw new Error(`expected a cache hit, the gateway said ${cache}`);
}

/** Rows: gateway cache-hit requests per second, and its ratio to the upstream's own rate. */
export async function runGatewayCacheHitBenchmark(): Promise<BenchRow[]> {
  const upstream = await startMockUpstream();
  let gateway: ListeningChild | undefined;
  try {
    gateway = await startListeningChild(
      ['--input-type=module', '--eval', GATEWAY_SCRIPT, upstream.url],
      { cwd: packageDirectory },
    );
    await assertCacheHit(gateway);
    await requestsPerSecond(gateway.url); // warm-up (JIT, connections)
    const hits: number[] = [];
    const ratios: number[] = [];
    let failures = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const direct = await requestsPerSecond(upstream.url);
      const cached = await requestsPerSecond(gateway.url);
      hits.push(cached.rate);
      ratios.push(cached.rate / direct.rate);
      failures += direct.failures + cached.failures;
    }
    if (failures > 0) throw new Error(`${failures} requests failed during the benchmark`);
    return [
      {
        name: `gateway cache-hit throughput (${CONNECTIONS} connections, median of ${RUNS} × ${DURATION_SECONDS} s)`,
        value: median(hits),
        unit: 'req/s',
      },
      {
        name: 'gateway cache-hit throughput / direct upstream',
        value: median(ratios),
        unit: 'ratio',
      },
    ];
  } finally {
    if (gateway !== undefined) await stopChild(gateway.child);
    await stopChild(upstream.child);
  }
}
