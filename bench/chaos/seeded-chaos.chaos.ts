// Sustained load against a seeded faulty upstream (5xx, 429 with retry-after,
// resets, hangs, truncated streams, latency): every request ends in a
// completion or an OpenAI-shaped error with a status from docs/errors.md, retries
// stay within budget, nothing is left unhandled, and memory stays bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChat, type GatewayOutcome } from './gateway-outcome.js';
import { startChaosGateway, UPSTREAM_KEY, type ChaosGateway } from './start-chaos-gateway.js';

const MAX_ATTEMPTS = 3;
const THIRDS = 3;
const REQUESTS_PER_THIRD = 600;
const CONCURRENCY = 32;
/**
 * Heap growth allowed between the end of the first and of the last third,
 * after a full collection. A healthy run grows by about 2 MB (JIT code,
 * lazily built caches); a gateway that kept each request's `req` and `res`
 * grew by about 15 MB over the 1,200 requests of the last two thirds when such
 * a leak was injected on purpose, well past this bound. RSS is looser (healthy
 * runs grew by 8 to 34 MB: it also holds pages the allocator has not returned);
 * its bound catches what the heap check cannot see, memory outside the V8 heap
 * such as Buffers: keeping ~55 KB of them per request would pass 64 MB.
 */
const HEAP_TOLERANCE_BYTES = 6 * 1024 * 1024;
const RSS_TOLERANCE_BYTES = 64 * 1024 * 1024;
/** Gateway statuses a fault may end in (docs/errors.md): 429, 502, 503 (breaker), 504. */
const ERROR_STATUSES = [429, 502, 503, 504];

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let gateway: ChaosGateway;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  gateway = await startChaosGateway({
    mock: {
      chaos: {
        seed: 20261126,
        errorRate: 0.3,
        latencyMs: 5,
        faults: [500, 502, 503, 429, 'reset', 'truncate', 'hang'],
      },
    },
    client: {
      timeoutMs: 300,
      retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 2, maxDelayMs: 20 },
      circuitBreaker: { threshold: 25, halfOpenAfterMs: 100 },
      bulkhead: { maxConcurrent: 64, maxQueue: 256 },
      cache: { store: 'off' },
    },
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await gateway.close();
});

function checkOutcome(outcome: GatewayOutcome, stream: boolean): void {
  expect(outcome.kind, outcome.text).not.toBe('invalid');
  expect(outcome.text).not.toContain(UPSTREAM_KEY);
  if (outcome.status === 200) {
    expect([stream ? 'stream' : 'completion', 'stream-error']).toContain(outcome.kind);
    if (outcome.kind === 'stream-error') expect(outcome.code).toBe('stream_truncated');
  } else {
    expect(outcome.kind).toBe('error');
    expect(ERROR_STATUSES, outcome.text).toContain(outcome.status);
    if (outcome.status === 429 || outcome.code === 'circuit_open') {
      expect(outcome.retryAfter).not.toBeNull();
    }
  }
}

async function runThird(third: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS_PER_THIRD) {
      const index = next;
      next += 1;
      const stream = index % 3 === 0;
      const outcome = await sendChat(gateway.baseURL, {
        model: 'gpt-4',
        messages: [{ role: 'user', content: `chaos ${third}.${index}` }],
        ...(stream ? { stream: true } : {}),
      });
      checkOutcome(outcome, stream);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function measureMemory(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (vitest.chaos.config.ts does)');
  gc();
  gc();
  return process.memoryUsage();
}

describe('the gateway under seeded upstream chaos', () => {
  it('answers every request validly, within the retry budget, with bounded memory', async () => {
    let upstreamCalls = 0;
    const memory: NodeJS.MemoryUsage[] = [];
    for (let third = 0; third < THIRDS; third += 1) {
      await runThird(third);
      // The mock's own request log grows by design: count it, then let it go.
      upstreamCalls += gateway.upstream.mock.calls.length;
      gateway.upstream.mock.reset();
      memory.push(measureMemory());
    }
    const requests = THIRDS * REQUESTS_PER_THIRD;
    expect(upstreamCalls).toBeGreaterThan(0);
    expect(upstreamCalls).toBeLessThanOrEqual(requests * MAX_ATTEMPTS);
    expect(unhandled).toEqual([]);
    const first = memory[0] as NodeJS.MemoryUsage;
    const last = memory[THIRDS - 1] as NodeJS.MemoryUsage;
    console.log(
      `heap ${(first.heapUsed / 1e6).toFixed(1)} → ${(last.heapUsed / 1e6).toFixed(1)} MB, ` +
        `rss ${(first.rss / 1e6).toFixed(1)} → ${(last.rss / 1e6).toFixed(1)} MB, ` +
        `${upstreamCalls} upstream calls for ${requests} requests`,
    );
    expect(last.heapUsed - first.heapUsed).toBeLessThan(HEAP_TOLERANCE_BYTES);
    expect(last.rss - first.rss).toBeLessThan(RSS_TOLERANCE_BYTES);
    for (const line of gateway.logLines) expect(line).not.toContain(UPSTREAM_KEY);
    // The gateway is still healthy and serving.
    const health = await fetch(gateway.baseURL.replace(/\/v1$/, '/healthz'));
    expect(health.status).toBe(200);
  });
});
