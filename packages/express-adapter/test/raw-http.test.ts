import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const body = JSON.stringify({
  model: 'gpt-4',
  messages: [{ role: 'user', content: 'Hello' }],
});

async function post(path: string, payload: string, headers: Record<string, string> = {}) {
  gateway ??= await startTestGateway();
  return fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
}

async function expectOpenAIError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const json = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(json.error['code']).toBe(code);
  return json.error;
}

describe('the gateway over raw HTTP', () => {
  it('answers malformed JSON with a 400 in OpenAI shape', async () => {
    const response = await post('/v1/chat/completions', '{"model": "gpt-4", "messages": [');
    await expectOpenAIError(response, 400, 'invalid_json');
  });

  it('answers a body that is not a chat request with a 400', async () => {
    await expectOpenAIError(await post('/v1/chat/completions', '{}'), 400, 'invalid_request');
    await expectOpenAIError(await post('/v1/chat/completions', ''), 400, 'invalid_request');
    await expectOpenAIError(await post('/v1/chat/completions', '[1, 2]'), 400, 'invalid_request');
    const badStream = JSON.stringify({ ...JSON.parse(body), stream: 'yes' });
    await expectOpenAIError(await post('/v1/chat/completions', badStream), 400, 'invalid_request');
    expect(gateway?.mock.calls).toHaveLength(0);
  });

  it('answers a request with no body at all with a 400', async () => {
    gateway = await startTestGateway();
    const { port } = new URL(gateway.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.end('POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n');
    let raw = '';
    for await (const chunk of socket) raw += String(chunk);
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('"code":"invalid_request"');
  });

  it('answers a body over the limit with a 413', async () => {
    gateway = await startTestGateway({ bodyLimit: 1024 });
    const large = JSON.stringify({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'x'.repeat(2048) }],
    });
    await expectOpenAIError(await post('/v1/chat/completions', large), 413, 'request_too_large');
  });

  it('refuses bodies over 2 MiB by default', async () => {
    const large = JSON.stringify({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024 + 1) }],
    });
    await expectOpenAIError(await post('/v1/chat/completions', large), 413, 'request_too_large');
  });

  it('reads a body sent with another content type as JSON', async () => {
    const response = await post('/v1/chat/completions', body, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
  });

  it('answers unknown routes with a JSON 404, never HTML', async () => {
    gateway = await startTestGateway();
    for (const [method, path] of [
      ['POST', '/'],
      ['GET', '/index.html'],
      ['GET', '/v2/chat'],
      ['DELETE', '/v1/chat/completions'],
      ['GET', '/v1/chat/completions'],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      await expectOpenAIError(response, 404, 'not_found');
      expect(response.headers.get('x-request-id')).toMatch(/.+/);
    }
  });

  it('streams SSE for stream: true whatever Accept says, flushing frames and ending with [DONE]', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().streamOnce('abcdef', { chunkSize: 2 });
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ ...JSON.parse(body), stream: true }),
      { accept: 'application/json' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-bulwark-attempts')).toBe('1');
    expect(response.headers.get('x-bulwark-cache')).toBe('bypass');
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    const text = await response.text();
    const frames = text.split('\n\n').filter((frame) => frame !== '');
    expect(frames.every((frame) => frame.startsWith('data: '))).toBe(true);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const content = frames
      .slice(0, -1)
      .map((frame) => JSON.parse(frame.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe('abcdef');
  });

  it('ends a stream that fails midway with an SSE error frame and no [DONE]', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().truncate({ afterChunks: 2, times: 1 });
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ ...JSON.parse(body), stream: true }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    const frames = text.split('\n\n').filter((frame) => frame !== '');
    expect(frames).not.toContain('data: [DONE]');
    const last = JSON.parse(frames.at(-1)?.slice(6) ?? '{}') as { error?: { code?: string } };
    expect(last.error?.code).toBe('stream_truncated');
    expect(frames.length).toBeGreaterThan(1);
  });

  it('aborts the upstream call when the client disconnects mid-stream', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().streamOnce('x'.repeat(200), { chunkSize: 1, delayMs: 20 });
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ ...JSON.parse(body), stream: true }),
    );
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(first?.done).toBe(false);
    await reader?.cancel();
    const signal = gateway.upstreamSignals[0];
    await expect.poll(() => signal?.aborted, { timeout: 3000 }).toBe(true);
    await expect.poll(() => gateway?.app.gateway.client.health().inFlight).toBe(0);
    await expect
      .poll(() => gateway?.logs.find((line) => line['msg'] === 'request')?.['status'])
      .toBe(499);
  });

  it('aborts the upstream call when the client disconnects before a JSON answer', async () => {
    gateway = await startTestGateway();
    gateway.mock.onChat().hang({ times: 1 });
    const url = new URL(`${gateway.url}/v1/chat/completions`);
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    request.on('error', () => {});
    request.end(body);
    await expect.poll(() => gateway?.upstreamSignals.length).toBe(1);
    request.destroy();
    await expect.poll(() => gateway?.upstreamSignals[0]?.aborted, { timeout: 3000 }).toBe(true);
  });

  it('passes the upstream x-ratelimit-* headers through', async () => {
    gateway = await startTestGateway({ mockOptions: { rateLimit: { rpm: 600, tpm: 90_000 } } });
    const response = await post('/v1/chat/completions', body);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('600');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('90000');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toMatch(/^\d+$/);
  });

  it('answers 503 when the bulkhead is full, and frees the slot when a caller disconnects', async () => {
    gateway = await startTestGateway({
      env: { BULWARK_MAX_CONCURRENCY: '1', BULWARK_MAX_QUEUE: '0' },
    });
    gateway.mock.onChat().hang({ times: 1 });
    const url = new URL(`${gateway.url}/v1/chat/completions`);
    const holder = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    holder.on('error', () => {});
    holder.end(body);
    await expect.poll(() => gateway?.upstreamSignals.length).toBe(1);
    const rejected = await post('/v1/chat/completions', body);
    expect(rejected.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectOpenAIError(rejected, 503, 'overloaded');
    holder.destroy();
    await expect.poll(() => gateway?.app.gateway.client.health().inFlight).toBe(0);
    expect((await post('/v1/chat/completions', body)).status).toBe(200);
  });

  it('reports liveness, readiness and the model list', async () => {
    gateway = await startTestGateway();
    const health = await fetch(`${gateway.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', circuit: 'closed' });
    const models = (await (await fetch(`${gateway.url}/v1/models`)).json()) as {
      object: string;
      data: { id: string; object: string }[];
    };
    expect(models.object).toBe('list');
    expect(models.data.map((model) => model.id)).toContain('gpt-4-1106-preview');
    expect(models.data.every((model) => model.object === 'model')).toBe(true);
  });

  it('answers 503 on /readyz and on completions while the circuit is open', async () => {
    gateway = await startTestGateway({
      env: { BULWARK_BREAKER_THRESHOLD: '2', BULWARK_BREAKER_HALF_OPEN_MS: '60000' },
    });
    gateway.mock.onChat().fail(500);
    for (let call = 0; call < 2; call += 1) {
      expect((await post('/v1/chat/completions', body)).status).toBe(502);
    }
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', circuit: 'open' });
    const refused = await post('/v1/chat/completions', body);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectOpenAIError(refused, 503, 'circuit_open');
  });
});

describe('gateway security', () => {
  const keys = { BULWARK_API_KEYS: 'caller-key-one,caller-key-two' };

  it.each([
    ['no header', undefined],
    ['a wrong key', 'Bearer caller-key-three'],
    ['a prefix of a key', 'Bearer caller-key'],
    ['the wrong scheme', 'Basic caller-key-one'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 for %s', async (_case, authorization) => {
    gateway = await startTestGateway({ env: keys });
    const response = await post(
      '/v1/chat/completions',
      body,
      authorization === undefined ? {} : { authorization },
    );
    await expectOpenAIError(response, 401, 'invalid_api_key');
    expect(gateway.mock.calls).toHaveLength(0);
    const models = await fetch(`${gateway.url}/v1/models`);
    expect(models.status).toBe(401);
  });

  it('lets any configured key through and keeps health routes open', async () => {
    gateway = await startTestGateway({ env: keys });
    for (const key of ['caller-key-one', 'caller-key-two']) {
      const response = await post('/v1/chat/completions', body, { authorization: `Bearer ${key}` });
      expect(response.status).toBe(200);
    }
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('limits requests per caller with a 429 and retry-after', async () => {
    gateway = await startTestGateway({
      env: keys,
      perCallerLimit: { requests: 2, windowSeconds: 60 },
    });
    const one = { authorization: 'Bearer caller-key-one' };
    expect((await post('/v1/chat/completions', body, one)).status).toBe(200);
    expect((await post('/v1/chat/completions', body, one)).status).toBe(200);
    const limited = await post('/v1/chat/completions', body, one);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectOpenAIError(limited, 429, 'caller_rate_limit_exceeded');
    // Another caller has its own budget.
    const other = await post('/v1/chat/completions', body, {
      authorization: 'Bearer caller-key-two',
    });
    expect(other.status).toBe(200);
    expect(gateway.mock.calls).toHaveLength(3);
  });

  it('limits callers by address when no keys are set', async () => {
    gateway = await startTestGateway({ perCallerLimit: { requests: 1, windowSeconds: 60 } });
    expect((await post('/v1/chat/completions', body)).status).toBe(200);
    await expectOpenAIError(
      await post('/v1/chat/completions', body),
      429,
      'caller_rate_limit_exceeded',
    );
  });

  it('refuses a non-loopback host without keys unless told it is insecure', async () => {
    await expect(startTestGateway({ env: { BULWARK_HOST: '0.0.0.0' } })).rejects.toThrow(
      /BULWARK_API_KEYS/,
    );
    gateway = await startTestGateway({ env: { BULWARK_HOST: '0.0.0.0' }, insecureNoAuth: true });
    expect((await post('/v1/chat/completions', body)).status).toBe(200);
  });
});
