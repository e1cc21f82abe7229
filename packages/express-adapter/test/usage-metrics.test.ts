// Each call's usage in /metrics, through the gateway from a mock upstream
// whose `usage` is known: tokens by kind (prompt tokens read from OpenAI's
// prompt cache as `cached`), the cost with cached tokens at their price, the
// per-call token histograms, and a stream's time to first token.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedCost, upstreamUsage } from './known-usage.js';
import { readPrometheusSamples, sampleValue } from './read-prometheus-samples.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

async function scrape(target: TestGateway) {
  return readPrometheusSamples(await (await fetch(`${target.url}/metrics`)).text());
}

describe('call usage metrics', () => {
  it('count tokens, cached tokens and cost, and observe token and time-to-first-token histograms', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'summarise the long document' }];
    gateway.mock
      .onChat({ model: 'gpt-4o' })
      .replyOnce({ content: 'a summary', usage: upstreamUsage(2000, 1024, 100) })
      .replyOnce({ content: 'a streamed summary', usage: upstreamUsage(1500, 512, 40) });
    gateway.mock
      .onChat({ model: 'gpt-4.1' })
      .replyOnce({ content: 'no cache said', usage: upstreamUsage(300, undefined, 20) });

    await openai.chat.completions.create({ model: 'gpt-4o', messages });
    // The caller asks for the usage chunk too, so the upstream's usage is read whatever core asks.
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('a streamed summary');
    await openai.chat.completions.create({ model: 'gpt-4.1', messages });
    gateway.mock.assertAllConsumed();

    const samples = await scrape(gateway);
    const value = (name: string, labels: Record<string, string>) =>
      sampleValue(samples, name, labels);
    const tokens = (model: string, kind: string) => value('bulwark_tokens_total', { model, kind });
    expect([tokens('gpt-4o', 'prompt'), tokens('gpt-4o', 'cached')]).toEqual([3500, 1536]);
    expect(tokens('gpt-4o', 'completion')).toBe(140);
    expect([
      tokens('gpt-4.1', 'prompt'),
      tokens('gpt-4.1', 'cached'),
      tokens('gpt-4.1', 'completion'),
    ]).toEqual([300, 0, 20]);

    // (2000 − 1024) × 2.5 + 1024 × 1.25 + 100 × 10 and (1500 − 512) × 2.5 + 512 × 1.25 + 40 × 10,
    // per million: $0.00472 + $0.00351.
    const gpt4oCost =
      expectedCost('gpt-4o', 2000, 1024, 100) + expectedCost('gpt-4o', 1500, 512, 40);
    expect(gpt4oCost).toBeCloseTo(0.00823, 12);
    expect(value('bulwark_cost_usd_total', { model: 'gpt-4o' })).toBeCloseTo(gpt4oCost, 12);
    expect(value('bulwark_cost_usd_total', { model: 'gpt-4.1' })).toBeCloseTo(
      expectedCost('gpt-4.1', 300, 0, 20),
      12,
    );

    // Prompts of 2000 and 1500 tokens (both ≤ 4096, neither ≤ 1024), completions of 100 and 40.
    const callTokens = (suffix: string, kind: string, le?: string) =>
      value(`bulwark_call_tokens_${suffix}`, {
        model: 'gpt-4o',
        kind,
        ...(le === undefined ? {} : { le }),
      });
    expect(['256', '1024', '4096', '+Inf'].map((le) => callTokens('bucket', 'prompt', le))).toEqual(
      [0, 0, 2, 2],
    );
    expect(['16', '64', '256'].map((le) => callTokens('bucket', 'completion', le))).toEqual([
      0, 1, 2,
    ]);
    expect([callTokens('sum', 'prompt'), callTokens('count', 'prompt')]).toEqual([3500, 2]);
    expect([callTokens('sum', 'completion'), callTokens('count', 'completion')]).toEqual([140, 2]);

    // One stream, so one time to first token, no longer than its whole request.
    const ttft = (suffix: string, labels: Record<string, string> = {}) =>
      value(`bulwark_time_to_first_token_seconds_${suffix}`, { model: 'gpt-4o', ...labels });
    expect(ttft('count')).toBe(1);
    expect(ttft('bucket', { le: '+Inf' })).toBe(1);
    const requestSeconds = value('bulwark_http_request_duration_seconds_sum', {
      route: '/v1/chat/completions',
      method: 'POST',
      status: '200',
    });
    expect(ttft('sum')).toBeGreaterThan(0);
    expect(ttft('sum')).toBeLessThan(requestSeconds ?? 0);
    // The completions have none.
    expect(
      value('bulwark_time_to_first_token_seconds_count', { model: 'gpt-4.1' }),
    ).toBeUndefined();
  });

  it('add nothing for calls the response cache answers', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    gateway.mock.onChat().reply({ content: 'cached answer', usage: upstreamUsage(1200, 1024, 10) });
    const request = {
      model: 'gpt-4o',
      temperature: 0,
      messages: [{ role: 'user' as const, content: 'the same question' }],
    };
    const caches: (string | null)[] = [];
    for (const stream of [false, false, true, true]) {
      const { response, data } = await openai.chat.completions
        .create({
          ...request,
          stream,
          ...(stream ? { stream_options: { include_usage: true } } : {}),
        })
        .withResponse();
      if (stream) for await (const _chunk of data as AsyncIterable<unknown>);
      caches.push(response.headers.get('x-bulwark-cache'));
    }
    expect(caches).toEqual(['miss', 'hit', 'miss', 'hit']);
    expect(gateway.mock.calls).toHaveLength(2);

    const samples = await scrape(gateway);
    const tokens = (kind: string) =>
      sampleValue(samples, 'bulwark_tokens_total', { model: 'gpt-4o', kind });
    expect([tokens('prompt'), tokens('cached'), tokens('completion')]).toEqual([2400, 2048, 20]);
    expect(sampleValue(samples, 'bulwark_cost_usd_total', { model: 'gpt-4o' })).toBeCloseTo(
      2 * expectedCost('gpt-4o', 1200, 1024, 10),
      12,
    );
    expect(
      sampleValue(samples, 'bulwark_call_tokens_count', { model: 'gpt-4o', kind: 'prompt' }),
    ).toBe(2);
    expect(
      sampleValue(samples, 'bulwark_time_to_first_token_seconds_count', { model: 'gpt-4o' }),
    ).toBe(1);
    expect(sampleValue(samples, 'bulwark_cache_hits_total')).toBe(2);
  });
});
