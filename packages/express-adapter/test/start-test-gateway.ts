import { Writable } from 'node:stream';
import { loadConfig } from '@bulwark/core';
import type { RoutesConfig } from '@bulwark/core/routes';
import { createMockOpenAI, type MockOpenAI, type MockOpenAIOptions } from '@bulwark/testing-mocks';
import {
  createGatewayApp,
  createNodeGateway,
  listenGateway,
  type GatewayOptions,
  type GatewayParts,
  type GatewayServer,
} from '../src/index.js';

/**
 * How the test gateways serve: `node` (the framework-free handler on
 * node:http, as `bulwark serve` runs) or `express` (the Express app around
 * the router). The test projects of vitest.config.ts run every file with each.
 */
export const GATEWAY_FLAVOUR: 'node' | 'express' =
  process.env['BULWARK_TEST_GATEWAY'] === 'express' ? 'express' : 'node';

/** The upstream key of every test gateway: it must never show up anywhere. */
export const UPSTREAM_KEY = 'sk-upstream.secret-123456';

/** A gateway on a loopback port in front of an in-process mock upstream. */
export interface TestGateway {
  /** `http://127.0.0.1:port`. */
  url: string;
  /** The OpenAI base URL, `${url}/v1`. */
  baseURL: string;
  /** The mock upstream. */
  mock: MockOpenAI;
  /** Every signal the client passed to the upstream `fetch`. */
  upstreamSignals: AbortSignal[];
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[];
  /** Every log line written, as text. */
  rawLogs: string[];
  /** The handler or app, with its parts. */
  app: { readonly gateway: GatewayParts };
  /** The server. */
  server: GatewayServer;
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions extends GatewayOptions {
  /** Extra environment variables for `loadConfig`. */
  env?: Record<string, string>;
  /** Deadline of a graceful shutdown. @default 2000 */
  shutdownTimeoutMs?: number;
  /** Options of the mock upstream. */
  mockOptions?: MockOpenAIOptions;
  /** Routes of the gateway's client, built once the mock exists (its deployments' URLs). */
  routes?: (mock: MockOpenAI) => RoutesConfig;
}

/**
 * Starts a real gateway ({@link GATEWAY_FLAVOUR}) on 127.0.0.1, port 0, whose client talks to an
 * in-process mock upstream with {@link UPSTREAM_KEY}, logging into memory.
 * One attempt per call unless `env` says otherwise.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const { env, shutdownTimeoutMs = 2000, mockOptions, routes, ...appOptions } = options;
  const mock = createMockOpenAI(mockOptions);
  const upstreamSignals: AbortSignal[] = [];
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const loaded = loadConfig({
    cwd: process.cwd(),
    env: {
      OPENAI_API_KEY: UPSTREAM_KEY,
      BULWARK_MAX_ATTEMPTS: '1',
      BULWARK_LOG_LEVEL: 'debug',
      ...env,
    },
  });
  const config = routes === undefined ? loaded : { ...loaded, routes: routes(mock) };
  const create = GATEWAY_FLAVOUR === 'express' ? createGatewayApp : createNodeGateway;
  const app = create(config, {
    fetch: (input, init) => {
      if (init?.signal) upstreamSignals.push(init.signal);
      return mock.fetch(input, init);
    },
    logDestination,
    defaultMetrics: false,
    ...appOptions,
  });
  const server = await listenGateway(app, { host: '127.0.0.1', port: 0, shutdownTimeoutMs });
  return {
    url: server.url,
    baseURL: `${server.url}/v1`,
    mock,
    upstreamSignals,
    logs,
    rawLogs,
    app,
    server,
  };
}
