// Requests the gateway refuses before the route runs (no key: 401, a body over
// the limit: 413, over the per-caller limit: 429) are logged and counted with
// the route's full pattern, never `unmatched`.
import { afterEach, describe, expect, it } from 'vitest';
import { readPrometheusSamples, sampleValue } from './read-prometheus-samples.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const ROUTE = '/v1/chat/completions';
const KEY = 'caller-key.refusal-labels';

describe('route labels of refused requests', () => {
  it('logs and counts 401, 413 and 429 with the route pattern', async () => {
    gateway = await startTestGateway({
      env: { BULWARK_API_KEYS: KEY },
      bodyLimit: 256,
      callerRpm: 2,
    });
    const post = (content: string, headers: Record<string, string> = {}) =>
      fetch(`${gateway?.url}${ROUTE}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] }),
      });
    const authorised = { authorization: `Bearer ${KEY}` };
    const statuses = [
      (await post('no key')).status,
      (await post('x'.repeat(1024), authorised)).status,
      (await post('fits', authorised)).status,
      (await post('one too many', authorised)).status,
    ];
    expect(statuses).toEqual([401, 413, 200, 429]);

    const lines = () => (gateway?.logs ?? []).filter((line) => line['msg'] === 'request');
    await expect.poll(() => lines().length).toBe(4);
    expect(lines().map((line) => [line['status'], line['route'], line['errorCode']])).toEqual([
      [401, ROUTE, 'invalid_api_key'],
      [413, ROUTE, 'request_too_large'],
      [200, ROUTE, undefined],
      [429, ROUTE, 'caller_rate_limit_exceeded'],
    ]);

    const samples = readPrometheusSamples(await (await fetch(`${gateway.url}/metrics`)).text());
    for (const status of ['401', '413', '200', '429']) {
      expect(
        sampleValue(samples, 'bulwark_http_requests_total', {
          route: ROUTE,
          method: 'POST',
          status,
        }),
        `requests with status ${status}`,
      ).toBe(1);
    }
    const unmatched = samples.filter(
      (sample) =>
        sample.name === 'bulwark_http_requests_total' && sample.labels['route'] === 'unmatched',
    );
    expect(unmatched).toEqual([]);
  });
});
