import { createMockOpenAI } from '@bulwark/testing-mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chargedTokens } from './charged-tokens.js';
import { createTokenBucketLimiter } from './create-token-bucket-limiter.js';
import { estimateRequestTokens } from './estimate-request-tokens.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Usage {
  usage: { total_tokens: number };
}

// The limiter alone in front of the enforcing mock (OpenAI's per-second
// quantization included), as the client drives it for every attempt.
async function drive(options: { rpm: number; tpm: number; calls: number; maxTokens: number }) {
  const mock = createMockOpenAI({
    rateLimit: { rpm: options.rpm, tpm: options.tpm },
    now: () => Date.now(),
  });
  const limiter = createTokenBucketLimiter({
    rpm: options.rpm,
    tpm: options.tpm,
    maxWaitMs: 600_000,
    now: () => Date.now(),
  });
  const statuses: number[] = [];
  const started = Date.now();
  const call = async (index: number) => {
    const request = {
      model: 'gpt-4',
      messages: [{ role: 'user' as const, content: `question number ${index}` }],
      max_tokens: options.maxTokens,
    };
    const tokens = await estimateRequestTokens({ request });
    const grant = await limiter.acquire({ tokens });
    const response = await mock.fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify(request),
    });
    statuses.push(response.status);
    const usage = response.ok ? ((await response.json()) as Usage).usage : undefined;
    grant.reconcile(
      usage === undefined
        ? 0
        : chargedTokens({
            totalTokens: usage.total_tokens,
            promptTokens: tokens - options.maxTokens,
            requestedCompletionTokens: options.maxTokens,
          }),
    );
    limiter.learn(response.headers, { sentAt: grant.grantedAt });
  };
  let done = false;
  const all = Promise.all(Array.from({ length: options.calls }, (_, index) => call(index))).then(
    () => {
      done = true;
    },
  );
  for (let step = 0; step < 600 && !done; step += 1) await vi.advanceTimersByTimeAsync(1000);
  await all;
  return { statuses, elapsedMs: Date.now() - started };
}

describe('createTokenBucketLimiter against an enforcing upstream', () => {
  it('sends 300 concurrent calls at 600 RPM without a single 429, at the limit', async () => {
    const { statuses, elapsedMs } = await drive({
      rpm: 600,
      tpm: 100_000,
      calls: 300,
      maxTokens: 20,
    });
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect(statuses).toHaveLength(300);
    // 300 calls at 10 a second: the last goes at 29.9 s.
    expect(elapsedMs).toBeLessThanOrEqual(30_000);
    expect(elapsedMs).toBeGreaterThanOrEqual(29_900);
  });

  it('keeps 1,200 RPM under the per-second share (20 a second) with the default burst', async () => {
    const { statuses } = await drive({ rpm: 1200, tpm: 1_000_000, calls: 200, maxTokens: 5 });
    expect(statuses.filter((status) => status === 429)).toEqual([]);
  });
});
