import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import {
  AuthenticationError,
  BadRequestError,
  BulkheadRejectedError,
  CircuitOpenError,
  ConfigError,
  ConnectionError,
  ContextLengthExceededError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors/errors.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

const KEY = 'sk-proj.resilience0123456789abcdefghijkl';
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };
const START = new Date('2026-01-01T00:00:00.000Z');

/** A client on a mock whose fetch counts the requests it holds open. */
function setup(options: ClientOptions = {}, mock = createMockOpenAI()) {
  let open = 0;
  let peak = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    open += 1;
    peak = Math.max(peak, open);
    try {
      return await mock.fetch(input, init);
    } finally {
      open -= 1;
    }
  };
  const client = createClient({
    apiKey: KEY,
    fetch,
    random: () => 0.5,
    ...options,
    retry: { baseDelayMs: 100, maxDelayMs: 10_000, ...options.retry },
  });
  return { mock, client, open: () => open, peak: () => peak };
}

const settle = (promise: Promise<unknown>): Promise<unknown> =>
  promise.catch((error: unknown) => error);
const tick = (milliseconds: number) => vi.advanceTimersByTimeAsync(milliseconds);
/**
 * Checks the time between consecutive upstream requests, on the mock's
 * (faked) clock, against the backoff delays: each gap is the delay plus at
 * most the 1 ms of cockatiel's own zero-delay timer between two attempts.
 */
function expectGaps(calls: readonly { time: number }[], delays: readonly number[]): void {
  const gaps = calls.slice(1).map((call, index) => call.time - (calls[index]?.time ?? 0));
  expect(gaps).toHaveLength(delays.length);
  gaps.forEach((gap, index) => {
    expect(gap - (delays[index] ?? Number.NaN)).toBeGreaterThanOrEqual(0);
    expect(gap - (delays[index] ?? Number.NaN)).toBeLessThanOrEqual(1);
  });
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

describe('createClient: resilience pipeline', () => {
  beforeAll(async () => {
    await loadTokenCounter('cl100k_base');
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(async () => {
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unhandled).toEqual([]);
  });

  describe('retry', () => {
    it.each([
      ['400', 400, {}, BadRequestError],
      ['401', 401, { code: 'invalid_api_key' }, AuthenticationError],
      ['403', 403, {}, PermissionDeniedError],
      ['insufficient_quota', 429, { code: 'insufficient_quota' }, QuotaExceededError],
      ['context length', 400, { code: 'context_length_exceeded' }, ContextLengthExceededError],
      ['a 500 with x-should-retry: false', 500, { shouldRetry: false }, ServerError],
      ['a 429 with x-should-retry: false', 429, { shouldRetry: false }, RateLimitError],
    ])('sends %s exactly once', async (_name, status, failOptions, errorClass) => {
      const { mock, client } = setup();
      mock.onChat().fail(status, failOptions);
      const outcome = settle(client.chat.completions.create(hello));
      await tick(60_000);
      expect(await outcome).toBeInstanceOf(errorClass);
      expect(mock.calls).toHaveLength(1);
    });

    it.each([
      [
        'a persistent 500',
        (mock: ReturnType<typeof createMockOpenAI>) => mock.onChat().fail(500),
        ServerError,
      ],
      [
        'a persistent 429',
        (mock: ReturnType<typeof createMockOpenAI>) => mock.onChat().fail(429),
        RateLimitError,
      ],
      [
        'connection resets',
        (mock: ReturnType<typeof createMockOpenAI>) => mock.onChat().reset(),
        ConnectionError,
      ],
    ])(
      'sends %s maxAttempts times, then fails with the last error',
      async (_name, script, errorClass) => {
        const { mock, client } = setup({ retry: { maxAttempts: 4 } });
        script(mock);
        const outcome = settle(client.chat.completions.create(hello));
        await tick(60_000);
        expect(await outcome).toBeInstanceOf(errorClass);
        expect(mock.calls).toHaveLength(4);
      },
    );

    it('times out each attempt and retries it, maxAttempts in all', async () => {
      const { mock, client, open } = setup({ timeoutMs: 1_000, retry: { maxAttempts: 3 } });
      mock.onChat().hang();
      const outcome = settle(client.chat.completions.create(hello));
      await tick(1_000);
      expect(mock.calls).toHaveLength(1);
      await tick(51);
      expect(mock.calls).toHaveLength(2);
      await tick(1_101);
      expect(mock.calls).toHaveLength(3);
      await tick(1_000);
      expect(await outcome).toMatchObject({ code: 'timeout', retryable: true });
      expectGaps(mock.calls, [1_000 + 50, 1_000 + 100]);
      expect(open()).toBe(0);
    });

    it('waits full-jitter exponential backoff between attempts and reports it in retry events', async () => {
      const { mock, client } = setup({ retry: { maxAttempts: 4 } });
      mock.onChat().failOnce(500).failOnce(502).failOnce(503);
      const retries: { attempt: number; delayMs: number; code: string }[] = [];
      client.on('retry', ({ attempt, delayMs, error }) =>
        retries.push({ attempt, delayMs, code: error.code }),
      );
      const outcome = client.chat.completions.create(hello);
      await tick(49);
      expect(mock.calls).toHaveLength(1);
      await tick(1);
      expect(mock.calls).toHaveLength(2);
      await tick(310);
      expect((await outcome).choices[0]?.message.content).toBe('Hello there');
      // random() = 0.5 of a ceiling of 100, 200, 400 ms.
      expect(retries).toEqual([
        { attempt: 1, delayMs: 50, code: 'server_error' },
        { attempt: 2, delayMs: 100, code: 'server_error' },
        { attempt: 3, delayMs: 200, code: 'server_error' },
      ]);
      expectGaps(mock.calls, [50, 100, 200]);
    });

    it('honours retry-after-ms, then retry-after in seconds or as an HTTP date, capped at 60 s', async () => {
      const { mock, client } = setup({
        retry: { maxAttempts: 6 },
        circuitBreaker: { threshold: 10 },
      });
      mock
        .onChat()
        .failOnce(429, { retryAfterMs: 1_500 })
        .failOnce(503, { retryAfterMs: 700, retryAfter: 9 })
        .failOnce(503, { retryAfter: 3 })
        .failOnce(503, { retryAfter: new Date(START.getTime() + 10_000).toUTCString() })
        .failOnce(429, { retryAfter: 600 });
      const delays: number[] = [];
      client.on('retry', ({ delayMs }) => delays.push(delayMs));
      const outcome = client.chat.completions.create(hello);
      await tick(80_000);
      await outcome;
      // The HTTP date is 10 s after the first request: what is left of it.
      const untilDate = 10_000 - ((mock.calls[3]?.time ?? 0) - START.getTime());
      expect(untilDate).toBeGreaterThan(4_790);
      expect(delays).toEqual([1_500, 700, 3_000, untilDate, 60_000]);
      expectGaps(mock.calls, delays);
    });

    it('waits the backoff when the header asks for less: the larger of the two wins', async () => {
      const { mock, client } = setup({ retry: { maxAttempts: 2, baseDelayMs: 4_000 } });
      mock.onChat().failOnce(503, { retryAfterMs: 10 });
      const outcome = client.chat.completions.create(hello);
      await tick(2_000);
      await outcome;
      expectGaps(mock.calls, [2_000]);
    });
  });

  describe('circuit breaker', () => {
    it('opens after threshold upstream failures, sends nothing while open, half-opens and closes on a good probe', async () => {
      const { mock, client } = setup({
        retry: { maxAttempts: 1 },
        circuitBreaker: { threshold: 2, halfOpenAfterMs: 10_000 },
      });
      mock.onChat().failOnce(500).failOnce(503);
      const events: string[] = [];
      client.on('circuitOpen', ({ retryAfterMs }) => events.push(`open ${retryAfterMs}`));
      client.on('circuitHalfOpen', () => events.push('half-open'));
      client.on('circuitClose', () => events.push('close'));

      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(ServerError);
      expect(client.health().circuit).toBe('closed');
      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(ServerError);
      expect(events).toEqual(['open 10000']);
      expect(client.health().circuit).toBe('open');

      const refused = await settle(client.chat.completions.create(hello));
      expect(refused).toBeInstanceOf(CircuitOpenError);
      expect(refused).toMatchObject({ code: 'circuit_open', retryAfterMs: 10_000 });
      await tick(9_999);
      expect(await settle(client.chat.completions.create(hello))).toMatchObject({
        code: 'circuit_open',
        retryAfterMs: 1,
      });
      expect(mock.calls).toHaveLength(2);

      await tick(1);
      expect(client.health().circuit).toBe('half-open');
      const probe = await client.chat.completions.create(hello);
      expect(probe.choices[0]?.message.content).toBe('Hello there');
      expect(mock.calls).toHaveLength(3);
      expect(events).toEqual(['open 10000', 'half-open', 'close']);
      expect(client.health().circuit).toBe('closed');
    });

    it('re-opens when the probe fails', async () => {
      const { mock, client } = setup({
        retry: { maxAttempts: 1 },
        circuitBreaker: { threshold: 1, halfOpenAfterMs: 1_000 },
      });
      mock.onChat().fail(500);
      await settle(client.chat.completions.create(hello));
      await tick(1_000);
      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(ServerError);
      expect(client.health().circuit).toBe('open');
      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(CircuitOpenError);
      expect(mock.calls).toHaveLength(2);
    });

    it('is not opened by refusals of the request itself (400, 401, quota)', async () => {
      const { mock, client } = setup({ circuitBreaker: { threshold: 1 } });
      mock.onChat().failOnce(400).failOnce(401).failOnce(429, { code: 'insufficient_quota' });
      for (let index = 0; index < 3; index += 1)
        await settle(client.chat.completions.create(hello));
      expect(client.health().circuit).toBe('closed');
      await client.chat.completions.create(hello);
      expect(mock.calls).toHaveLength(4);
    });

    it('stops retrying once the circuit opens, failing with the upstream error', async () => {
      const { mock, client } = setup({
        retry: { maxAttempts: 4 },
        circuitBreaker: { threshold: 2 },
      });
      mock.onChat().fail(500);
      const outcome = settle(client.chat.completions.create(hello));
      await tick(1_000);
      expect(await outcome).toBeInstanceOf(ServerError);
      expect(mock.calls).toHaveLength(2);
    });
  });

  describe('bulkhead', () => {
    it('lets maxConcurrent requests reach the upstream, queues maxQueue, rejects the next at once', async () => {
      const { mock, client, open, peak } = setup({ bulkhead: { maxConcurrent: 2, maxQueue: 1 } });
      mock.onChat().hang({ times: 2 });
      const rejected: unknown[] = [];
      client.on('bulkheadRejected', (event) => rejected.push(event));
      const first = new AbortController();
      const second = new AbortController();
      const calls = [
        settle(client.chat.completions.create(hello, { signal: first.signal })),
        settle(client.chat.completions.create(hello, { signal: second.signal })),
        client.chat.completions.create(hello),
      ];
      await tick(0);
      expect(open()).toBe(2);
      expect(client.health()).toMatchObject({ inFlight: 2, queued: 1 });
      const overflow = await settle(client.chat.completions.create(hello));
      expect(overflow).toBeInstanceOf(BulkheadRejectedError);
      expect(overflow).toMatchObject({ code: 'overloaded', retryable: false });
      expect(rejected).toEqual([{ maxConcurrent: 2, maxQueue: 1 }]);
      expect(mock.calls).toHaveLength(2);

      first.abort();
      await tick(0);
      expect(mock.calls).toHaveLength(3);
      expect((await calls[2]) as object).toHaveProperty('object', 'chat.completion');
      second.abort();
      await Promise.all(calls);
      expect(peak()).toBe(2);
      expect(open()).toBe(0);
      expect(client.health()).toMatchObject({ inFlight: 0, queued: 0 });
    });
  });

  describe('configuration', () => {
    it('takes every setting from the environment through loadConfig()', async () => {
      const config = loadConfig({
        env: {
          BULWARK_TIMEOUT_MS: '1000',
          BULWARK_MAX_ATTEMPTS: '2',
          BULWARK_MAX_CONCURRENCY: '1',
          BULWARK_MAX_QUEUE: '0',
          BULWARK_BREAKER_THRESHOLD: '3',
          BULWARK_BREAKER_HALF_OPEN_MS: '5000',
        },
      });
      const mock = createMockOpenAI();
      const client = createClient({ ...config, fetch: mock.fetch, random: () => 0.5 });
      mock.onChat().hang();

      const timedOut = settle(client.chat.completions.create(hello));
      await tick(0);
      // BULWARK_MAX_CONCURRENCY=1, BULWARK_MAX_QUEUE=0: a second call is refused at once.
      expect(await settle(client.chat.completions.create(hello))).toBeInstanceOf(
        BulkheadRejectedError,
      );
      // BULWARK_TIMEOUT_MS=1000, BULWARK_MAX_ATTEMPTS=2.
      await tick(1_000);
      expect(mock.calls).toHaveLength(1);
      // The default backoff: 0.5 of 500 ms.
      await tick(251);
      expect(mock.calls).toHaveLength(2);
      await tick(1_000);
      expect(await timedOut).toBeInstanceOf(TimeoutError);
      expect(mock.calls).toHaveLength(2);
      expect(client.health().circuit).toBe('closed');

      // BULWARK_BREAKER_THRESHOLD=3: the third consecutive timeout opens it
      // (and stops the retries); BULWARK_BREAKER_HALF_OPEN_MS=5000.
      const third = settle(client.chat.completions.create(hello));
      await tick(1_000);
      expect(await third).toBeInstanceOf(TimeoutError);
      expect(mock.calls).toHaveLength(3);
      expect(await settle(client.chat.completions.create(hello))).toMatchObject({
        code: 'circuit_open',
        retryAfterMs: 5_000,
      });
      await tick(5_000);
      expect(client.health().circuit).toBe('half-open');
    });

    it('refuses resilience settings out of range with a ConfigError naming them', () => {
      expect(() => createClient({ apiKey: KEY, retry: { maxAttempts: 0 } })).toThrow(ConfigError);
      expect(() => createClient({ apiKey: KEY, bulkhead: { maxConcurrent: 0 } })).toThrow(
        /bulkhead\.maxConcurrent: expected a whole number ≥ 1/,
      );
    });

    it('applies an overall deadline across attempts and backoff, not retried further', async () => {
      const { mock, client } = setup({
        timeoutMs: 1_000,
        deadlineMs: 2_500,
        retry: { maxAttempts: 10 },
      });
      mock.onChat().hang();
      const outcome = settle(client.chat.completions.create(hello));
      await tick(2_500);
      expect(await outcome).toMatchObject({ code: 'timeout', retryable: false });
      expect(mock.calls).toHaveLength(3);
    });
  });
});
