import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/create-client.js';
import { loadConfig } from '../config/load-config.js';
import { RateLimitError } from '../errors/errors.js';
import type { RateLimitedEvent } from '../events/client-events.js';
import type { RateLimiter } from './rate-limiter.js';

const START = 1_800_000_000_000;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

function upstream(rateLimit?: { rpm?: number; tpm?: number }) {
  const mock = createMockOpenAI({
    now: () => Date.now(),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  });
  const statuses: number[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await mock.fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return { mock, fetch, statuses };
}

function ask(index: number, maxTokens = 16) {
  return {
    model: 'gpt-4',
    messages: [{ role: 'user' as const, content: `Question number ${index}` }],
    max_tokens: maxTokens,
  };
}

async function settleAll<T>(promises: Promise<T>[], stepMs = 1000, maxSteps = 600) {
  let done = false;
  const all = Promise.allSettled(promises).then((results) => {
    done = true;
    return results;
  });
  for (let step = 0; step < maxSteps && !done; step += 1) {
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return all;
}

describe('rate-limited client against an enforcing upstream', () => {
  it('drives 300 concurrent calls at 600 RPM with zero upstream 429s, at the limit', async () => {
    const { fetch, statuses, mock } = upstream({ rpm: 600, tpm: 150_000 });
    const client = createClient({
      fetch,
      cache: { store: 'off' },
      bulkhead: { maxConcurrent: 300, maxQueue: 300 },
      rateLimit: { rpm: 600, tpm: 150_000, maxWaitMs: 120_000 },
    });
    const waits: RateLimitedEvent[] = [];
    client.on('rateLimited', (event) => waits.push(event));
    const calls = Array.from({ length: 300 }, (_, index) =>
      client.chat.completions.create(ask(index)),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(client.health().rateLimit).toMatchObject({
      requests: { limit: 600, capacity: 1 },
      tokens: { limit: 150_000 },
    });
    expect(client.health().rateLimit?.waiters).toBeGreaterThan(250);
    const results = await settleAll(calls, 100);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(statuses.filter((status) => status === 429)).toHaveLength(0);
    const times = mock.calls.map((call) => call.time - START);
    const elapsed = Math.max(...times);
    // 300 requests at 10 a second: the last one leaves at 29.9 s.
    const achievedRpm = ((times.length - 1) * 60_000) / elapsed;
    expect(achievedRpm).toBeGreaterThan(600 * 0.97);
    expect(achievedRpm).toBeLessThanOrEqual(600 * 1.01);
    expect(waits.length).toBeGreaterThan(250);
    expect(waits[0]).toMatchObject({ limit: 'requests' });
    expect(client.health().rateLimit?.requests?.learned).toMatchObject({ limit: 600 });
    await client.close();
  });

  it('pauses every caller after an upstream 429 until its retry-after', async () => {
    const { fetch, mock } = upstream();
    mock.onChat().failOnce(429, { code: 'rate_limit_exceeded', retryAfterMs: 3000 });
    const client = createClient({ fetch, cache: { store: 'off' }, rateLimit: { rpm: 6000 } });
    const upstreamWaits: RateLimitedEvent[] = [];
    client.on('rateLimited', (event) => {
      if (event.limit === 'upstream') upstreamWaits.push(event);
    });
    const first = client.chat.completions.create(ask(1));
    await vi.advanceTimersByTimeAsync(10);
    expect(client.health().rateLimit?.pausedUntil).toBe(START + 3000);
    const second = client.chat.completions.create(ask(2));
    await settleAll([first, second], 100);
    await expect(first).resolves.toBeDefined();
    await expect(second).resolves.toBeDefined();
    const times = mock.calls.map((call) => call.time - START);
    expect(times).toHaveLength(3);
    expect(times[0]).toBe(0);
    // Neither the retry nor the other caller went before the retry-after.
    expect(Math.min(...times.slice(1))).toBeGreaterThanOrEqual(3000);
    expect(upstreamWaits[0]).toMatchObject({ limit: 'upstream', waitMs: 3000 });
    await client.close();
  });

  it('refuses locally, sending nothing, when the wait exceeds maxWaitMs', async () => {
    const { fetch, mock } = upstream();
    const client = createClient({
      fetch,
      cache: { store: 'off' },
      rateLimit: { rpm: 60, maxWaitMs: 1500 },
    });
    const events: RateLimitedEvent[] = [];
    client.on('rateLimited', (event) => events.push(event));
    await client.chat.completions.create(ask(1));
    const waiting = client.chat.completions.create(ask(2));
    const refused = await client.chat.completions.create(ask(3)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({ local: true, code: 'rate_limit_exceeded' });
    expect(events).toEqual([
      { limit: 'requests', waitMs: 1000 },
      { limit: 'requests', waitMs: 2000 },
    ]);
    await settleAll([waiting], 100);
    expect(mock.calls).toHaveLength(2);
    await client.close();
  });

  it('fails at once, not retryable, a request whose tokens exceed the whole tpm', async () => {
    const { fetch, mock } = upstream();
    const client = createClient({ fetch, cache: { store: 'off' }, rateLimit: { tpm: 1000 } });
    const error = await client.chat.completions
      .create(ask(1, 2000))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/more than the whole limit of 1000 tokens per minute/);
    expect(mock.calls).toHaveLength(0);
    await client.close();
  });

  it('reconciles each attempt with its usage', async () => {
    const { fetch } = upstream();
    // 6,000 TPM with a 10 % burst: 600 tokens of capacity.
    const client = createClient({
      fetch,
      cache: { store: 'off' },
      rateLimit: { tpm: 6000, burstFraction: 0.1, defaultCompletionTokens: 500 },
    });
    const completion = await client.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    // No max_tokens: the 500-token reserve went back, only the usage stays taken.
    expect(client.health().rateLimit?.tokens?.available).toBeCloseTo(
      600 - (completion.usage?.total_tokens ?? 0),
      6,
    );
    await client.close();
  });

  it('settles a stream with the usage counted over it', async () => {
    const { fetch, mock } = upstream();
    mock.onChat().stream('one two three four five', { chunkSize: 4 });
    const client = createClient({
      fetch,
      cache: { store: 'off' },
      rateLimit: { tpm: 6000, burstFraction: 0.1, defaultCompletionTokens: 500 },
    });
    const usages: number[] = [];
    client.on('response', ({ usage }) => usages.push(usage.totalTokens));
    const stream = await client.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'Count to five' }],
      stream: true,
    });
    // While the stream runs, the whole estimate (prompt + 500) is taken.
    expect(client.health().rateLimit?.tokens?.available).toBeLessThan(100);
    for await (const chunk of stream) expect(chunk.object).toBe('chat.completion.chunk');
    expect(usages).toHaveLength(1);
    expect(client.health().rateLimit?.tokens?.available).toBeCloseTo(600 - (usages[0] ?? 0), 6);
    await client.close();
  });

  it('reads BULWARK_RPM, BULWARK_TPM and BULWARK_RATE_MAX_WAIT_MS through loadConfig', () => {
    const config = loadConfig({
      env: { BULWARK_RPM: '120', BULWARK_TPM: '90000', BULWARK_RATE_MAX_WAIT_MS: '5000' },
    });
    const { fetch } = upstream();
    const client = createClient({ ...config, fetch });
    expect(client.health().rateLimit).toMatchObject({
      requests: { limit: 120 },
      tokens: { limit: 90_000 },
      waiters: 0,
    });
    const off = createClient({ ...loadConfig({ env: {} }), fetch });
    expect(off.health().rateLimit).toBeUndefined();
  });

  it('names a bad rate-limit option in a ConfigError', () => {
    const { fetch } = upstream();
    expect(() => createClient({ fetch, rateLimit: { rpm: -5 } })).toThrow(/rateLimit\.rpm/);
    expect(() => createClient({ fetch, rateLimit: { defaultCompletionTokens: 0 } })).toThrow(
      /rateLimit\.defaultCompletionTokens/,
    );
  });

  it('uses a custom RateLimiter for every attempt', async () => {
    const { fetch } = upstream();
    const acquired: number[] = [];
    const learned: unknown[] = [];
    const limiter: RateLimiter = {
      acquire: async ({ tokens = 0 }) => {
        acquired.push(tokens);
        return {
          requests: 1,
          tokens,
          grantedAt: Date.now(),
          waitedMs: 0,
          reconcile: () => undefined,
          release: () => undefined,
        };
      },
      learn: (headers) => learned.push(headers),
      pause: () => undefined,
      health: () => ({ waiters: 7 }),
      dispose: () => undefined,
    };
    const client = createClient({ fetch, cache: { store: 'off' }, rateLimiter: limiter });
    await client.chat.completions.create(ask(1, 100));
    expect(acquired).toHaveLength(1);
    expect(acquired[0]).toBeGreaterThan(100);
    expect(learned).toHaveLength(1);
    expect(client.health().rateLimit).toEqual({ waiters: 7 });
    await client.close();
  });
});
