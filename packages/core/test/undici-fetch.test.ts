import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/client/create-client.js';
import { undiciFetch } from '../src/transport/undici-fetch.js';

interface SeenRequest {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

const COMPLETION = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [] });

/** A server whose answers the tests script per path; it records what it received. */
function startServer(): Promise<{ server: Server; url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  let finishStream = (): void => undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      switch (request.url) {
        case '/json':
          response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
          response.end(COMPLETION);
          return;
        case '/gzip':
          response.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          });
          response.end(gzipSync(COMPLETION));
          return;
        case '/empty':
          response.writeHead(204).end();
          return;
        case '/error':
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
          response.end('{"error":{"message":"slow down"}}');
          return;
        case '/hang':
          return;
        case '/sse':
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write('data: 1\n\n');
          // The last frame only once the client has read the first: proof of streaming.
          finishStream = () => response.end('data: [DONE]\n\n');
          return;
        case '/finish-stream':
          finishStream();
          response.writeHead(204).end();
          return;
        default:
          response.writeHead(404).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    });
  });
}

/** What a test compares between two fetches: status, headers of interest and body. */
async function summary(response: Response) {
  return {
    ok: response.ok,
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-request-id'),
    retryAfter: response.headers.get('retry-after'),
    contentEncoding: response.headers.get('content-encoding'),
    body: response.body === null ? null : await response.text(),
  };
}

describe('undiciFetch, the default fetch of the transport (real sockets)', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    target = await startServer();
  });
  afterAll(async () => {
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
  });

  const post = (
    headers: Headers | Record<string, string> | [string, string][] = {
      'content-type': 'application/json',
    },
  ): RequestInit => ({
    method: 'post',
    headers,
    body: '{"messages":[]}',
  });

  it.each(['/json', '/gzip', '/empty', '/error', '/missing'])(
    'answers %s exactly as Node’s fetch does',
    async (path) => {
      const fast = await summary(await undiciFetch(`${target.url}${path}`, post()));
      const standard = await summary(await fetch(`${target.url}${path}`, post()));
      expect(fast).toEqual(standard);
    },
  );

  it('sends the method, the headers (object, Headers or pairs) and the body', async () => {
    const inits = [
      post({ 'content-type': 'application/json', authorization: 'Bearer a' }),
      post(new Headers({ 'content-type': 'application/json', authorization: 'Bearer a' })),
      post([
        ['content-type', 'application/json'],
        ['authorization', 'Bearer a'],
      ]),
    ];
    target.seen.length = 0;
    for (const init of inits) await (await undiciFetch(`${target.url}/json`, init)).text();
    expect(target.seen).toHaveLength(3);
    for (const request of target.seen) {
      expect(request).toMatchObject({
        method: 'POST',
        body: '{"messages":[]}',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer a',
          'content-length': '15',
        },
      });
    }
  });

  it('hands an event stream over before it ends', async () => {
    const response = await undiciFetch(`${target.url}/sse`, post());
    if (response.body === null) throw new Error('the stream has no body');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('data: 1\n\n');
    // The first frame was read before the server ended the body: let it finish now.
    await undiciFetch(`${target.url}/finish-stream`, post());
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
    }
    expect(rest).toBe('data: [DONE]\n\n');
  });

  it('rejects with the abort reason, an AbortError, like Node’s fetch', async () => {
    const attempt = async (fetcher: typeof fetch) => {
      const controller = new AbortController();
      const pending = fetcher(`${target.url}/hang`, { ...post(), signal: controller.signal });
      setImmediate(() => controller.abort());
      return pending.then(
        () => 'resolved',
        (error: unknown) => (error as Error).name,
      );
    };
    expect(await attempt(undiciFetch)).toBe('AbortError');
    expect(await attempt(fetch)).toBe('AbortError');
  });

  it('rejects a connection failure with TypeError("fetch failed"), like Node’s fetch', async () => {
    const closed = await startServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const fast = await undiciFetch(`${closed.url}/json`, post()).catch((error: unknown) => error);
    const standard = await fetch(`${closed.url}/json`, post()).catch((error: unknown) => error);
    expect(fast).toBeInstanceOf(TypeError);
    expect(standard).toBeInstanceOf(TypeError);
    expect((fast as TypeError).message).toBe((standard as TypeError).message);
    expect((fast as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('a client on the default fetch against the mock server (real sockets)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const params = {
    model: 'gpt-4',
    messages: [{ role: 'user' as const, content: 'Hello there' }],
    max_tokens: 32,
  };
  const open = (fetcher?: typeof fetch) =>
    createClient({
      apiKey: 'sk-test-undici-fetch',
      baseURL: server.url,
      cache: { store: 'off' },
      ...(fetcher === undefined ? {} : { fetch: fetcher }),
    });

  it('gets the same completion as a client on Node’s fetch', async () => {
    const strip = (completion: { id: string; created: number }) => ({
      ...completion,
      id: 'id',
      created: 0,
    });
    const fast = await open().chat.completions.create(params);
    const standard = await open((input, init) => fetch(input, init)).chat.completions.create(
      params,
    );
    expect(strip(fast)).toEqual(strip(standard));
    expect(fast.choices[0]?.message.content).toBeTruthy();
  });

  it('streams the same chunks as a client on Node’s fetch', async () => {
    const collect = async (fetcher?: typeof fetch) => {
      const stream = await open(fetcher).chat.completions.create({ ...params, stream: true });
      const deltas: (string | null | undefined)[] = [];
      for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content);
      return deltas;
    };
    const fast = await collect();
    expect(fast).toEqual(await collect((input, init) => fetch(input, init)));
    expect(fast.join('')).not.toBe('');
  });

  it('maps an upstream error the same way as a client on Node’s fetch', async () => {
    server.mock.onChat().failOnce(400, { code: 'invalid_value' });
    server.mock.onChat().failOnce(400, { code: 'invalid_value' });
    const fail = (fetcher?: typeof fetch) =>
      open(fetcher)
        .chat.completions.create(params)
        .then(
          () => ({ code: 'none', status: 200 }),
          (error: unknown) => error as { code: string; status: number },
        );
    const fast = await fail();
    const standard = await fail((input, init) => fetch(input, init));
    expect({ code: fast.code, status: fast.status }).toEqual({
      code: standard.code,
      status: standard.status,
    });
    expect(fast.status).toBe(400);
  });
});
