// Child process of gateway.bench.ts: a gateway (built package) in front of the
// upstream whose base URL is argv[2], on a free loopback port; prints its URL.
import { loadConfig } from '@bulwark/core';
import { createGatewayApp, listenGateway } from '@bulwark/express-adapter';
import { pino } from 'pino';

const upstream = process.argv[2];
if (upstream === undefined) throw new Error('usage: serve-gateway.ts <upstream base URL>');
const config = loadConfig({
  env: {
    OPENAI_API_KEY: 'sk-bench-not-a-real-key-000000',
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
process.stdout.write(`${server.url}/v1\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
