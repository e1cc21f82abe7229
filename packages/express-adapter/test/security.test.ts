// Security of the gateway's HTTP surface: authentication on every /v1 route,
// oversized and deeply nested bodies, and `x-request-id` header injection.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, UPSTREAM_KEY, type TestGateway } from './start-test-gateway.js';

const CALLER_KEY = 'caller-key-for-security-tests-42';
const chat = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    perCallerLimit: false,
    env: { BULWARK_API_KEYS: CALLER_KEY },
  });
});
afterAll(() => gateway.server.close());

const ROUTES = [
  { method: 'POST', path: '/v1/chat/completions', body: chat },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/unknown-route' },
] as const;

function call(
  route: { method: string; path: string; body?: string },
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(`${gateway.url}${route.path}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(route.body === undefined ? {} : { body: route.body }),
  });
}

/** Sends raw bytes over TCP and returns the raw answer (for headers fetch refuses to send). */
function rawRequest(text: string): Promise<string> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text, 'latin1'));
    const parts: Buffer[] = [];
    socket.on('data', (part: Buffer) => parts.push(part));
    socket.on('end', () => resolve(Buffer.concat(parts).toString('latin1')));
    socket.on('error', reject);
  });
}

describe('authentication on every /v1 route', () => {
  const refused: [string, Record<string, string>][] = [
    ['missing', {}],
    ['wrong key', { authorization: 'Bearer not-the-caller-key' }],
    ['wrong scheme', { authorization: `Basic ${CALLER_KEY}` }],
    ['no scheme', { authorization: CALLER_KEY }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['the key as a prefix', { authorization: `Bearer ${CALLER_KEY}x` }],
    ['a prefix of the key', { authorization: `Bearer ${CALLER_KEY.slice(0, -1)}` }],
    ['very long', { authorization: `Bearer ${'k'.repeat(8000)}` }],
  ];

  for (const route of ROUTES) {
    it.each(refused)(
      `refuses ${route.method} ${route.path} with a %s header: 401 JSON`,
      async (_, headers) => {
        const response = await call(route, headers);
        const body = (await response.json()) as { error: { code: unknown; type: unknown } };
        expect(response.status).toBe(401);
        expect(body.error.type).toBe('invalid_request_error');
        expect(JSON.stringify(body)).not.toContain(CALLER_KEY);
      },
    );

    it(`lets ${route.method} ${route.path} through with the right key`, async () => {
      const response = await call(route, { authorization: `Bearer ${CALLER_KEY}` });
      expect(response.status).toBe(route.path === '/v1/unknown-route' ? 404 : 200);
    });
  }

  it('keeps /healthz open for probes', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});

describe('hostile bodies', () => {
  const post = (body: string) =>
    call(
      { method: 'POST', path: '/v1/chat/completions', body },
      { authorization: `Bearer ${CALLER_KEY}` },
    );

  it('answers a body over the limit with 413 JSON', async () => {
    const response = await post(
      JSON.stringify({
        model: 'gpt-4',
        messages: [{ role: 'user', content: 'x'.repeat(3 * 1024 * 1024) }],
      }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: object }).error).toBeDefined();
  });

  it.each([
    ['100k nested arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['100k nested objects', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    [
      '100k nested arrays as the messages',
      `{"model":"gpt-4","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    ],
  ])('answers %s with a 400 JSON error, not a stack overflow', async (_, body) => {
    const response = await post(body);
    const text = await response.text();
    expect(response.status, text.slice(0, 200)).toBe(400);
    expect(text).not.toMatch(/Maximum call stack|RangeError|at .+\.js:\d+/);
    expect(JSON.parse(text)).toHaveProperty('error.message');
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});

describe('x-request-id header injection', () => {
  const echoed = async (value: string) => {
    const response = await call(
      { method: 'POST', path: '/v1/chat/completions', body: chat },
      { authorization: `Bearer ${CALLER_KEY}`, 'x-request-id': value },
    );
    await response.arrayBuffer();
    return response.headers.get('x-request-id') ?? '';
  };

  it('echoes a plain id as it is', async () => {
    expect(await echoed('req-abc_123.4')).toBe('req-abc_123.4');
  });

  it.each([
    ['very long', 'a'.repeat(5000)],
    ['with spaces', 'a b'],
    ['with a tab', 'a\tb'],
  ])('replaces a %s id with a fresh one', async (_, value) => {
    const id = await echoed(value);
    expect(id).not.toBe(value);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['CR LF with a second header', 'evil\r\nset-cookie: stolen=1'],
    ['a bare LF', 'evil\nset-cookie: stolen=1'],
    ['a bare CR', 'evil\rset-cookie: stolen=1'],
    ['non-ASCII bytes', 'caf\u00e9-\u00ff'],
  ])('never reflects %s sent raw', async (_, value) => {
    const answer = await rawRequest(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${CALLER_KEY}\r\n` +
        `content-type: application/json\r\ncontent-length: ${chat.length}\r\nconnection: close\r\n` +
        `x-request-id: ${value}\r\n\r\n${chat}`,
    );
    const head = answer.split('\r\n\r\n')[0] ?? '';
    expect(head).not.toMatch(/set-cookie/i);
    expect(head).not.toContain('\u00e9');
    const id = /^x-request-id: (.*)$/im.exec(head)?.[1];
    // Either Node's parser refused the request (400) or the gateway made a clean id.
    if (id !== undefined) expect(id).toMatch(/^[\x21-\x7e]{1,128}$/);
    else expect(head).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).not.toContain(UPSTREAM_KEY);
  });

  it('keeps injected ids out of the log lines', () => {
    for (const line of gateway.rawLogs) {
      expect(line).not.toMatch(/set-cookie|stolen/i);
      expect(line).not.toContain(UPSTREAM_KEY);
      expect(line).not.toContain(CALLER_KEY);
    }
  });
});
