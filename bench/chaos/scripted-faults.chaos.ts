// Every kind of upstream fault, many times over, under concurrent load: each
// request must end with the status of the table in docs/errors.md, in OpenAI's error
// shape, and retries must stay within their budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChat, type GatewayOutcome } from './gateway-outcome.js';
import { startChaosGateway, UPSTREAM_KEY, type ChaosGateway } from './start-chaos-gateway.js';

const MAX_ATTEMPTS = 3;
const PER_KIND = 24;
const CONCURRENCY = 24;

interface Expectation {
  /** The outcomes a non-stream request may end in. */
  check(outcome: GatewayOutcome): void;
  stream?: boolean;
  /** Upstream calls allowed per request. */
  maxCalls: number;
  minCalls?: number;
}

const errorWith = (status: number, code: string) => (outcome: GatewayOutcome) => {
  expect(outcome.kind, outcome.text).toBe('error');
  expect(outcome.status, outcome.text).toBe(status);
  expect(outcome.code).toBe(code);
};

const EXPECTATIONS: Record<string, Expectation> = {
  ok: { check: (o) => expect([o.status, o.kind]).toEqual([200, 'completion']), maxCalls: 1 },
  'server-error': {
    check: errorWith(502, 'server_error'),
    maxCalls: MAX_ATTEMPTS,
    minCalls: MAX_ATTEMPTS,
  },
  'rate-limited': {
    check: (outcome) => {
      errorWith(429, 'rate_limit_exceeded')(outcome);
      expect(outcome.retryAfter).not.toBeNull();
    },
    maxCalls: MAX_ATTEMPTS,
  },
  quota: { check: errorWith(429, 'insufficient_quota'), maxCalls: 1, minCalls: 1 },
  reset: {
    check: errorWith(502, 'connection_error'),
    maxCalls: MAX_ATTEMPTS,
    minCalls: MAX_ATTEMPTS,
  },
  hang: { check: errorWith(504, 'timeout'), maxCalls: MAX_ATTEMPTS, minCalls: MAX_ATTEMPTS },
  'truncated-stream': {
    stream: true,
    check: (outcome) => {
      expect(outcome.kind, outcome.text).toBe('stream-error');
      expect(outcome.code).toBe('stream_truncated');
    },
    maxCalls: MAX_ATTEMPTS,
  },
  'malformed-stream': {
    stream: true,
    check: (outcome) => {
      expect(['stream-error', 'error'], outcome.text).toContain(outcome.kind);
      expect(outcome.status).not.toBe(500);
    },
    maxCalls: MAX_ATTEMPTS,
  },
  'slow-stream': {
    stream: true,
    check: (outcome) => expect([outcome.status, outcome.kind]).toEqual([200, 'stream']),
    maxCalls: 1,
  },
  'malformed-json': {
    check: (outcome) => {
      expect(outcome.kind, outcome.text).toBe('error');
      expect([502, 504]).toContain(outcome.status);
    },
    maxCalls: MAX_ATTEMPTS,
  },
};

let gateway: ChaosGateway;
beforeAll(async () => {
  gateway = await startChaosGateway({
    client: {
      timeoutMs: 1000,
      retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 2, maxDelayMs: 20 },
      // This suite checks each fault's own status: the breaker must stay out of the way.
      circuitBreaker: { threshold: 1_000_000, halfOpenAfterMs: 1000 },
      bulkhead: { maxConcurrent: 256, maxQueue: 256 },
      cache: { store: 'off' },
    },
  });
  const on = (kind: string) => gateway.upstream.mock.onChat({ content: `fault:${kind}` });
  on('ok').reply('fine');
  on('server-error').fail(500);
  on('rate-limited').fail(429, { code: 'rate_limit_exceeded', retryAfterMs: 5 });
  on('quota').fail(429, { code: 'insufficient_quota', type: 'insufficient_quota' });
  on('reset').reset();
  on('hang').hang();
  on('truncated-stream').truncate({ afterChunks: 2 });
  on('malformed-stream').malformed();
  on('slow-stream').stream('a slow but complete answer', { chunkSize: 3, delayMs: 15 });
  on('malformed-json').malformed();
});
afterAll(() => gateway.close());

async function runConcurrently<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('the gateway against scripted upstream faults under load', () => {
  it('ends every request with the right status and shape, within the retry budget', async () => {
    const kinds = Object.keys(EXPECTATIONS);
    const requests = kinds.flatMap((kind) =>
      Array.from({ length: PER_KIND }, (_, index) => ({ kind, index })),
    );
    // Interleave the kinds so that every fault is in flight alongside the others.
    requests.sort((a, b) => a.index - b.index);
    const outcomes = await runConcurrently(
      requests.map(({ kind, index }) => async () => ({
        kind,
        outcome: await sendChat(gateway.baseURL, {
          model: 'gpt-4',
          messages: [{ role: 'user', content: `fault:${kind} #${index}` }],
          ...(EXPECTATIONS[kind]?.stream === true ? { stream: true } : {}),
        }),
      })),
      CONCURRENCY,
    );
    for (const { kind, outcome } of outcomes) {
      expect(outcome.kind, `${kind}: ${outcome.text}`).not.toBe('invalid');
      expect(outcome.text).not.toContain(UPSTREAM_KEY);
      EXPECTATIONS[kind]?.check(outcome);
    }
    for (const kind of kinds) {
      const expectation = EXPECTATIONS[kind] as Expectation;
      const calls = gateway.upstream.mock.calls.filter((call) => {
        const messages = (call.body as { messages?: { content?: unknown }[] }).messages;
        return String(messages?.at(-1)?.content).startsWith(`fault:${kind} #`);
      }).length;
      expect(calls, kind).toBeLessThanOrEqual(PER_KIND * expectation.maxCalls);
      expect(calls, kind).toBeGreaterThanOrEqual(PER_KIND * (expectation.minCalls ?? 1));
    }
    expect(gateway.logLines.length).toBeGreaterThanOrEqual(requests.length);
    for (const line of gateway.logLines) expect(line).not.toContain(UPSTREAM_KEY);
    const metrics = await (await fetch(gateway.baseURL.replace(/\/v1$/, '/metrics'))).text();
    expect(metrics).not.toContain(UPSTREAM_KEY);
  });
});
