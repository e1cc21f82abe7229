// The upstream goes fully down under load: the breaker opens, callers get fast
// 503s with `retry-after` and the upstream sees no call while it is open; when
// the upstream returns, a probe closes the breaker and traffic flows again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChat } from './gateway-outcome.js';
import { startChaosGateway, type ChaosGateway } from './start-chaos-gateway.js';

const THRESHOLD = 5;
const HALF_OPEN_AFTER_MS = 500;
let upstreamDown = false;
let gateway: ChaosGateway;

beforeAll(async () => {
  gateway = await startChaosGateway({
    client: {
      timeoutMs: 2000,
      retry: { maxAttempts: 2, baseDelayMs: 2, maxDelayMs: 10 },
      circuitBreaker: { threshold: THRESHOLD, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
      cache: { store: 'off' },
    },
  });
  gateway.upstream.mock.onChat(() => upstreamDown).fail(503);
  gateway.upstream.mock.onChat().reply('the upstream is back');
});
afterAll(() => gateway.close());

const ask = (index: number) =>
  sendChat(gateway.baseURL, {
    model: 'gpt-4',
    messages: [{ role: 'user', content: `call ${index}` }],
  });
const readyz = async () => (await fetch(gateway.baseURL.replace(/\/v1$/, '/readyz'))).status;

describe('the circuit breaker under a full upstream outage', () => {
  it('opens with fast 503s and no upstream calls, then closes when the upstream returns', async () => {
    expect((await ask(0)).status).toBe(200);
    upstreamDown = true;
    // Concurrent callers hit the outage until the breaker opens.
    const outage = await Promise.all(Array.from({ length: 20 }, (_, index) => ask(index + 1)));
    for (const outcome of outage) {
      expect(outcome.kind, outcome.text).toBe('error');
      expect([502, 503]).toContain(outcome.status);
    }
    expect(outage.some((outcome) => outcome.code === 'circuit_open')).toBe(true);
    expect(await readyz()).toBe(503);

    const callsWhenOpen = gateway.upstream.mock.calls.length;
    const started = performance.now();
    const whileOpen = await Promise.all(Array.from({ length: 50 }, (_, index) => ask(100 + index)));
    const elapsedMs = performance.now() - started;
    for (const outcome of whileOpen) {
      expect([outcome.status, outcome.code]).toEqual([503, 'circuit_open']);
      expect(Number(outcome.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(gateway.upstream.mock.calls.length).toBe(callsWhenOpen);
    // Fast failures: 50 refusals take far less than one half-open period.
    expect(elapsedMs).toBeLessThan(HALF_OPEN_AFTER_MS);

    upstreamDown = false;
    // Poll until the half-open probe has gone through (bounded by the test timeout).
    let recovered = await ask(200);
    for (let index = 201; recovered.status !== 200; index += 1) {
      expect([recovered.status, recovered.code]).toEqual([503, 'circuit_open']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      recovered = await ask(index);
    }
    expect(await readyz()).toBe(200);
    const after = await Promise.all(Array.from({ length: 20 }, (_, index) => ask(300 + index)));
    for (const outcome of after)
      expect([outcome.status, outcome.kind]).toEqual([200, 'completion']);
  });
});
