// Refusals at the gateway's edge (caller key, body limit, per-caller limit):
// labelled with the route's pattern in the log line and the metrics, like the
// answers of the route itself; the per-caller limit is a setting, off by default.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const chat = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway?.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

function requestLines(target: TestGateway) {
  return target.logs.filter((line) => line['msg'] === 'request');
}

describe('refusals before the route runs', () => {
  it('label 401, 413 and 429 with the route pattern in logs and metrics', async () => {
    gateway = await startTestGateway({
      env: { BULWARK_API_KEYS: 'caller-key-labels', BULWARK_CALLER_RPM: '1' },
      bodyLimit: 64,
    });
    const key = { authorization: 'Bearer caller-key-labels' };
    const statuses = [
      (await post(chat)).status,
      (await post(JSON.stringify({ padding: 'x'.repeat(100) }), key)).status,
      (await post(chat, key)).status,
    ];
    expect(statuses).toEqual([401, 413, 429]);
    await expect.poll(() => requestLines(gateway as TestGateway).length).toBe(3);
    const lines = requestLines(gateway);
    expect(lines.map((line) => [line['route'], line['status'], line['errorCode']])).toEqual([
      ['/v1/chat/completions', 401, 'invalid_api_key'],
      ['/v1/chat/completions', 413, 'request_too_large'],
      ['/v1/chat/completions', 429, 'caller_rate_limit_exceeded'],
    ]);
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    for (const status of [401, 413, 429]) {
      expect(text).toContain(
        `bulwark_http_requests_total{route="/v1/chat/completions",method="POST",status="${status}"} 1`,
      );
    }
  });

  it('carry x-request-id and OpenAI-shaped bodies', async () => {
    gateway = await startTestGateway({ env: { BULWARK_API_KEYS: 'caller-key-labels' } });
    const refused = await post(chat, { 'x-request-id': 'edge-42' });
    expect(refused.headers.get('x-request-id')).toBe('edge-42');
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({
      error: {
        message: expect.any(String) as string,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });
});

describe('the per-caller limit (BULWARK_CALLER_RPM)', () => {
  it('answers 429 caller_rate_limit_exceeded with retry-after once a caller used its minute', async () => {
    gateway = await startTestGateway({ env: { BULWARK_CALLER_RPM: '1' } });
    expect((await post(chat)).status).toBe(200);
    const limited = await post(chat);
    expect(limited.status).toBe(429);
    const seconds = Number(limited.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe(
      'caller_rate_limit_exceeded',
    );
    expect(gateway.mock.calls).toHaveLength(1);
  });

  it('is off by default: 700 requests in a burst all pass', async () => {
    gateway = await startTestGateway();
    const statuses: number[] = [];
    for (let batch = 0; batch < 14; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => fetch(`${gateway?.url}/v1/models`)),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        await answer.arrayBuffer();
      }
    }
    expect(statuses).toHaveLength(700);
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
