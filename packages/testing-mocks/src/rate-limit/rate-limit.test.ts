import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createMockOpenAI } from '../engine/create-mock-openai.js';
import { countPromptTokens } from '../tokens/count-tokens.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];
// 3 framing + "user" + "Hello" + 3 priming
const PROMPT_TOKENS = countPromptTokens({ model: 'gpt-4', messages });

function setup(rateLimit: { rpm?: number; tpm?: number }) {
  let time = 1_800_000_000_000;
  const mock = createMockOpenAI({ rateLimit, now: () => time });
  const send = (body: object = {}) =>
    mock.fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4', messages, ...body }),
    });
  return {
    mock,
    send,
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

describe('rate-limit enforcement', () => {
  it('allows at most ceil(rpm / 60) requests in any second', async () => {
    const { send, advance } = setup({ rpm: 120 });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
    advance(1000);
    expect((await send()).status).toBe(200);
  });

  it('still allows one request per second for tiny limits (ceil)', async () => {
    const { send, advance } = setup({ rpm: 3 });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);
    advance(1000);
    expect((await send()).status).toBe(200);
    advance(1000);
    // Two admitted and one rejected in the last minute: the rejection counts too.
    expect((await send()).status).toBe(429);
  });

  it('limits requests over a sliding minute and says when to retry', async () => {
    const { send, advance } = setup({ rpm: 2 });
    expect((await send()).status).toBe(200);
    advance(10_000);
    expect((await send()).status).toBe(200);
    advance(10_000);
    const limited = await send();
    expect(limited.status).toBe(429);
    // At 60 s the first request leaves the window, but the second and this
    // rejection still fill it; at 70 s only the rejection is left.
    expect(limited.headers.get('retry-after-ms')).toBe('50000');
    expect(limited.headers.get('retry-after')).toBe('50');
    advance(49_999);
    expect((await send()).status).toBe(429);
    advance(50_000);
    const retried = await send();
    expect(retried.status).toBe(200);
  });

  it('counts rejected requests against the request limit, so hammering delays recovery', async () => {
    const { send, advance } = setup({ rpm: 1 });
    expect((await send()).status).toBe(200);
    advance(30_000);
    const rejected = await send();
    expect(rejected.status).toBe(429);
    // Not 30 s (when the admitted request leaves): the rejection itself counts.
    expect(rejected.headers.get('retry-after-ms')).toBe('60000');
    advance(30_000);
    expect((await send()).status).toBe(429);
  });

  it('counts prompt tokens plus max_tokens against tpm, type tokens', async () => {
    const { send, advance } = setup({ tpm: 6000 });
    // 100 tokens per second; the first request of a second may exceed it alone.
    expect((await send({ max_tokens: 50 })).status).toBe(200);
    const limited = await send({ max_tokens: 50 });
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'tokens' });
    advance(1000);
    expect((await send({ max_tokens: 50 })).status).toBe(200);
  });

  it('uses the actual completion length when max_tokens is absent', async () => {
    const { mock, send } = setup({ tpm: 60_000 });
    mock.onChat().reply('word '.repeat(200));
    const first = (await (await send()).json()) as { usage: { completion_tokens: number } };
    expect(first.usage.completion_tokens).toBeGreaterThan(199);
    const response = await send({ max_tokens: 1 });
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe(
      String(60_000 - (PROMPT_TOKENS + first.usage.completion_tokens) - (PROMPT_TOKENS + 1)),
    );
  });

  it('rejects a request larger than tpm without a retry hint', async () => {
    const { send } = setup({ tpm: 100 });
    const response = await send({ max_tokens: 500 });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(response.headers.get('retry-after-ms')).toBeNull();
  });

  it('sends x-ratelimit-* headers with Go durations on every response', async () => {
    const { send, advance, mock } = setup({ rpm: 60, tpm: 90_000 });
    mock.onChat().failOnce(500);
    const failed = await send({ max_tokens: 10 });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-ratelimit-limit-requests')).toBe('60');
    expect(failed.headers.get('x-ratelimit-remaining-requests')).toBe('59');
    expect(failed.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
    expect(failed.headers.get('x-ratelimit-limit-tokens')).toBe('90000');
    expect(failed.headers.get('x-ratelimit-remaining-tokens')).toBe(
      String(90_000 - PROMPT_TOKENS - 10),
    );
    expect(failed.headers.get('x-ratelimit-reset-tokens')).toBe('1m0s');
    advance(30_500);
    const models = await mock.fetch('https://api.openai.com/v1/models');
    expect(models.headers.get('x-ratelimit-reset-requests')).toBe('29.5s');
  });

  it('raises RateLimitError with code rate_limit_exceeded in the SDK', async () => {
    const { mock } = setup({ rpm: 1 });
    const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'gpt-4', messages });
    const error = await openai.chat.completions
      .create({ model: 'gpt-4', messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
  });

  it('does not consume a scripted one-off step when the request is rate limited', async () => {
    const { mock, send } = setup({ rpm: 1 });
    await send();
    mock.onChat().replyOnce('kept for later');
    expect((await send()).status).toBe(429);
    expect(() => mock.assertAllConsumed()).toThrow(/replyOnce/);
  });
});
