import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { TransportProxy } from '../src/transport/transport-options.js';
import type { UpstreamRequest } from '../src/transport/transport.js';
import { json, startUpstreamTestServer, type UpstreamTestServer } from './upstream-test-server.js';

/** A tunnelling proxy: it records every `CONNECT` target and pipes the bytes through. */
async function startConnectProxy(): Promise<{ server: Server; url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = createServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, client, head) => {
    targets.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, targets };
}

const request: UpstreamRequest = {
  path: '/chat/completions',
  body: { model: 'gpt-4', messages: [] },
  stream: false,
  signal: new AbortController().signal,
  timeoutMs: 10_000,
};

describe('the transport behind a proxy (real sockets)', () => {
  let upstream: UpstreamTestServer;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    upstream = await startUpstreamTestServer();
    upstream.route('/v1/chat/completions', json(200, { id: 'chatcmpl-1', choices: [] }));
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    proxy.server.closeAllConnections();
    proxy.server.close();
    await upstream.close();
  });

  async function call(settings: TransportProxy): Promise<unknown> {
    const transport = createTransport({
      apiKey: 'sk-test-proxy',
      baseURL: `${upstream.url}/v1`,
      connections: 2,
      proxy: settings,
    });
    try {
      return (await transport.send(request)).body;
    } finally {
      await transport.close();
    }
  }

  it('tunnels through the HTTP proxy it is given', async () => {
    proxy.targets.length = 0;
    expect(await call({ httpProxy: proxy.url })).toMatchObject({ id: 'chatcmpl-1' });
    const { port } = new URL(upstream.url);
    expect(proxy.targets).toEqual([`127.0.0.1:${port}`]);
  });

  it('goes direct to a host listed in noProxy', async () => {
    proxy.targets.length = 0;
    expect(await call({ httpProxy: proxy.url, noProxy: 'localhost,127.0.0.1' })).toMatchObject({
      id: 'chatcmpl-1',
    });
    expect(proxy.targets).toEqual([]);
  });

  it('reads no proxy variable of the environment itself', async () => {
    // Only an HTTPS proxy is given: an http: origin goes direct, whatever HTTP_PROXY says.
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('http_proxy', proxy.url);
    proxy.targets.length = 0;
    expect(await call({ httpsProxy: proxy.url })).toMatchObject({ id: 'chatcmpl-1' });
    expect(proxy.targets).toEqual([]);
    vi.unstubAllEnvs();
  });
});
