// The status page's routes over HTTP: access with the gateway keys, the
// page's headers, the data's shape, what counts as traffic, labels.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../src/index.js';
import { startTestGateway, UPSTREAM_KEY, type TestGateway } from './start-test-gateway.js';

const KEY = 'sk-test.status-routes-key';
const basic = (password: string) => `Basic ${Buffer.from(`viewer:${password}`).toString('base64')}`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { BULWARK_API_KEYS: KEY } });
});
afterAll(() => gateway.server.close());

function get(path: string, authorization?: string): Promise<Response> {
  return fetch(`${gateway.url}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

function chat(content: string): Promise<Response> {
  return fetch(`${gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }] }),
  });
}

describe('the status page behind the gateway keys', () => {
  it.each([
    ['no credentials', undefined],
    ['a wrong password', basic('sk-test.wrong')],
    ['a wrong Bearer key', 'Bearer sk-test.wrong'],
    ['the key as a /v1 caller would send it, in the wrong scheme', `Token ${KEY}`],
  ])('answers %s with a 401 asking for Basic credentials', async (_name, authorization) => {
    for (const path of ['/', '/bulwark/status']) {
      const response = await get(path, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="bulwark"/);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
    }
  });

  it('serves the page to Basic credentials, never stored, under a CSP allowing only its own code', async () => {
    const response = await get('/', basic(KEY));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    const html = await response.text();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(script).toContain('bulwark/status');
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        `script-src 'sha256-${sha256(script)}'`,
        `style-src 'sha256-${sha256(style)}'`,
        "connect-src 'self'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe|https?:|\*/);
    // Nothing loaded from anywhere (the icon is inline): no external source, font or stylesheet.
    const links = [...html.matchAll(/(?:src|href)\s*=\s*"([^"]*)"/g)].map((match) => match[1]);
    expect(links).toEqual([expect.stringMatching(/^data:image\/svg\+xml,/)]);
    expect(html).not.toMatch(/@import|url\(|@font-face/);
    expect(html).not.toContain(KEY);
    expect(html).not.toContain(UPSTREAM_KEY);
  });

  it('serves the data to a Bearer key, counting the API requests only', async () => {
    for (const content of ['first', 'second']) expect((await chat(content)).status).toBe(200);
    await get('/v1/models', `Bearer ${KEY}`);
    await get('/healthz');
    await get('/metrics');
    await get('/', basic(KEY));
    await get('/bulwark/status', basic(KEY));

    const response = await get('/bulwark/status', `Bearer ${KEY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(UPSTREAM_KEY);
    const status = JSON.parse(text) as StatusSnapshot;
    expect(status.windowSeconds).toBe(300);
    for (const column of Object.values(status.series)) expect(column).toHaveLength(300);
    expect(status.routes).toEqual({ '/v1/chat/completions': 2, '/v1/models': 1 });
    expect(status.recent.requests).toBe(3);
    expect(status.recent.requestsPerSecond).toBeGreaterThan(0);
    expect(status.recent.latencyP50Ms).toBeGreaterThan(0);
    expect(status.recent.errorRate).toBe(0);
    expect(status.models['gpt-4']).toMatchObject({ calls: 2 });
    expect(status.models['gpt-4']?.costUsd).toBeGreaterThan(0);
    expect(status.breakers).toMatchObject({ circuit: 'closed', deployments: {} });
    expect(status.totals.requests).toBe(2);
  });

  it('labels its log lines and metrics with the route patterns', async () => {
    await get('/?tab=1', basic(KEY));
    await get('/bulwark/status?since=0', `Bearer ${KEY}`);
    await get('/bulwark/status');
    const lines = gateway.logs.filter((line) => line['msg'] === 'request');
    expect(lines).toContainEqual(
      expect.objectContaining({ route: '/', status: 200, caller: expect.stringMatching(/^key:/) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ route: '/bulwark/status', status: 200 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        route: '/bulwark/status',
        status: 401,
        errorCode: 'invalid_api_key',
      }),
    );
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain(
      'bulwark_http_requests_total{route="/bulwark/status",method="GET",status="401"}',
    );
    expect(gateway.rawLogs.join('\n')).not.toContain(KEY);
  });
});

describe('the status page without gateway keys', () => {
  it('is open, as the gateway then listens on loopback only', async () => {
    const open = await startTestGateway();
    try {
      const page = await fetch(`${open.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Bulwark status</title>');
      const data = await fetch(`${open.url}/bulwark/status`);
      expect(((await data.json()) as StatusSnapshot).recent.requests).toBe(0);
    } finally {
      await open.server.close();
    }
  });
});
