import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockConnectionResetError } from '../engine/connection-reset.js';
import {
  createMockOpenAI,
  type MockOpenAI,
  type MockOpenAIOptions,
} from '../engine/create-mock-openai.js';
import { openAIErrorResponse } from '../engine/openai-error.js';
import { sendResponse } from './send-response.js';

/** Options of {@link startMockServer}: the mock's options plus where to listen. */
export interface MockServerOptions extends MockOpenAIOptions {
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /** Serve this mock instead of creating one from the options. */
  mock?: MockOpenAI;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL for the SDK, ending in `/v1`, e.g. `http://127.0.0.1:53211/v1`. */
  url: string;
  /** The engine behind the server: script it with `onChat`, read `calls`. */
  mock: MockOpenAI;
  /**
   * The URL of a deployment on this server (see `mock.deployment()`): the
   * base URL `…/{name}/v1` of an OpenAI one, the endpoint `…/{name}` of an
   * Azure one.
   * @throws Error when the mock has no deployment of that name.
   */
  deploymentURL(name: string): string;
  /** Stops listening and closes every connection (hung requests included). */
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function serve(
  mock: MockOpenAI,
  origin: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const aborted = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) aborted.abort();
  });
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let answer: Response;
  try {
    answer = await mock.handle(
      new Request(new URL(request.url ?? '/', origin), {
        method,
        headers,
        signal: aborted.signal,
        ...(body === undefined ? {} : { body }),
      }),
    );
  } catch (error) {
    if (error instanceof MockConnectionResetError || aborted.signal.aborted) {
      request.socket.destroy();
      return;
    }
    answer = openAIErrorResponse(500, { message: 'The mock server failed to answer.' });
  }
  await sendResponse(answer, response);
}

/**
 * Serves a mock over HTTP on loopback, for tests in another process or a
 * client that cannot take a custom `fetch`. The same engine as
 * `createMockOpenAI`: `server.mock.onChat(...)` scripts it.
 *
 * @param options - `host` (default `127.0.0.1`), `port` (default 0: a free
 * one), an existing `mock` to serve, or the options of a new one.
 * @returns once listening: `url` (ending in `/v1`), the `mock` and `close()`.
 * @throws the server's `listen` error (e.g. `EADDRINUSE`) when the address
 * cannot be bound.
 * @example
 * ```ts
 * const server = await startMockServer();
 * const openai = new OpenAI({ apiKey: 'sk-test', baseURL: server.url });
 * // …
 * await server.close();
 * ```
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { host = '127.0.0.1', port = 0, mock: given, ...mockOptions } = options;
  const mock = given ?? createMockOpenAI(mockOptions);
  let origin = '';
  const server = createServer((request, response) => {
    serve(mock, origin, request, response).catch(() => {
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostname}:${address.port}`;
  return {
    url: `${origin}/v1`,
    mock,
    deploymentURL: (name) => mock.deployment(name).url(origin),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
