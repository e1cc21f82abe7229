import { Writable } from 'node:stream';
import { createClient, loadConfig, type ClientOptions } from '@bulwark/core';
import {
  createGatewayApp,
  listenGateway,
  type GatewayApp,
  type GatewayServer,
} from '@bulwark/express-adapter';
import { startMockServer, type MockServer, type MockOpenAIOptions } from '@bulwark/testing-mocks';

/** The upstream key: the suites check that it never shows up anywhere. */
export const UPSTREAM_KEY = 'sk-chaos.upstream-secret-0123456789';

/** A real gateway on loopback in front of a mock upstream served over HTTP. */
export interface ChaosGateway {
  /** The gateway's OpenAI base URL (`…/v1`). */
  baseURL: string;
  upstream: MockServer;
  app: GatewayApp;
  server: GatewayServer;
  /** Every log line the gateway wrote. */
  logLines: string[];
  close(): Promise<void>;
}

/** Starts the upstream and the gateway; the client gets short delays so faults resolve quickly. */
export async function startChaosGateway(options: {
  mock?: MockOpenAIOptions;
  client: Omit<ClientOptions, 'apiKey' | 'baseURL'>;
}): Promise<ChaosGateway> {
  const upstream = await startMockServer(options.mock ?? {});
  const config = loadConfig({
    env: { OPENAI_API_KEY: UPSTREAM_KEY, OPENAI_BASE_URL: upstream.url, BULWARK_LOG_LEVEL: 'info' },
  });
  const client = createClient({ apiKey: UPSTREAM_KEY, baseURL: upstream.url, ...options.client });
  const logLines: string[] = [];
  const app = createGatewayApp(config, {
    client,
    perCallerLimit: false,
    defaultMetrics: false,
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    }),
  });
  const server = await listenGateway(app, { host: '127.0.0.1', port: 0 });
  return {
    baseURL: `${server.url}/v1`,
    upstream,
    app,
    server,
    logLines,
    async close() {
      await server.close();
      await upstream.close();
    },
  };
}
