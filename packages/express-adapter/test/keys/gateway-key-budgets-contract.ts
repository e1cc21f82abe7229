import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamUsage } from '../known-usage.js';
import { readPrometheusSamples, sampleValue } from '../read-prometheus-samples.js';
import { chat, report, useGatewayWithStore } from './gateway-key-harness.js';
import {
  MAX_TOKENS,
  MESSAGES,
  MODEL,
  priceOf,
  promptTokens,
  type StoreBacking,
} from './key-gateway-support.js';

/**
 * The gateway's budgets for store keys (reserve, settle, release), against one store.
 *
 * @param name - the store, e.g. `SQLite`.
 * @param createBacking - a fresh, empty backing for each test.
 */
export function describeGatewayKeyBudgets(name: string, createBacking: () => StoreBacking): void {
  describe(`gateway key budgets on ${name}`, () => {
    const h = useGatewayWithStore(createBacking);

    it('never lets 200 concurrent calls pass a budget for 50', async () => {
      const prompt = await promptTokens();
      // The upstream uses all it may: each call costs exactly what it reserves.
      const perCall = priceOf(prompt, 0, MAX_TOKENS);
      const { key } = await h.store.create('fifty', { budgetUsd: perCall * 50 });
      const target = await h.start();
      target.mock
        .onChat({ model: MODEL })
        .reply({ content: 'hi', usage: upstreamUsage(prompt, undefined, MAX_TOKENS) });
      const answers = await Promise.all(Array.from({ length: 200 }, () => chat(target, key)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(50);
      expect(statuses.filter((status) => status === 429)).toHaveLength(150);
      const refused = answers.find((answer) => answer.status === 429);
      expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({
        error: { code: 'budget_exceeded', message: expect.stringContaining('"fifty"') },
      });
      const usage = await h.store.usage('fifty');
      expect(usage.spendUsd).toBeCloseTo(perCall * 50, 9);
      expect(usage.reservedUsd).toBe(0);
      expect(usage.remainingUsd).toBeCloseTo(0, 9);
    });

    it('settles a stream and cached tokens exactly, reports them and counts them per key', async () => {
      const { key } = await h.store.create('reader', { budgetUsd: 5 });
      const target = await h.start();
      target.mock
        .onChat({ model: MODEL })
        .replyOnce({ content: 'a', usage: upstreamUsage(2000, 1024, 7) })
        .replyOnce({ content: 'streamed words', usage: upstreamUsage(1500, 512, 9) });
      const openai = new OpenAI({ baseURL: target.baseURL, apiKey: key, maxRetries: 0 });
      await openai.chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 50 });
      const stream = await openai.chat.completions.create({
        model: MODEL,
        messages: MESSAGES,
        max_tokens: 50,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('streamed words');
      const expected = priceOf(2000, 1024, 7) + priceOf(1500, 512, 9);
      // Settled before the answers ended: no wait needed.
      const { status, body } = await report(target, key);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        name: 'reader',
        limits: { budgetUsd: 5, budgetPeriod: 'month', rpm: null, models: null },
        reservedUsd: 0,
      });
      expect(body['spendUsd']).toBeCloseTo(expected, 9);
      expect(body['remainingUsd']).toBeCloseTo(5 - expected, 9);
      const samples = readPrometheusSamples(await (await fetch(`${target.url}/metrics`)).text());
      expect(sampleValue(samples, 'bulwark_key_cost_usd_total', { key: 'reader' })).toBeCloseTo(
        expected,
        9,
      );
      expect(sampleValue(samples, 'bulwark_key_requests_total', { key: 'reader' })).toBe(3);
      expect(
        sampleValue(samples, 'bulwark_key_tokens_total', { key: 'reader', kind: 'cached' }),
      ).toBe(1536);
      const logged = target.logs.filter(
        (line) => line['msg'] === 'request' && line['route'] !== '/metrics',
      );
      // Two calls and the report, each named by the key's name.
      expect(logged.map((line) => line['keyName'])).toEqual(['reader', 'reader', 'reader']);
      expect(target.rawLogs.join('\n')).not.toContain(key);
    });

    it('releases the reservation of a call that failed', async () => {
      const { key } = await h.store.create('unlucky', { budgetUsd: 1 });
      const target = await h.start();
      target.mock.onChat({ model: MODEL }).failOnce(500);
      expect((await chat(target, key)).status).toBe(502);
      expect(await h.store.usage('unlucky')).toMatchObject({ spendUsd: 0, reservedUsd: 0 });
    });

    it('charges a stream whose caller went away its reservation, and leaves none open', async () => {
      const prompt = await promptTokens();
      const { key } = await h.store.create('leaver', { budgetUsd: 1 });
      const target = await h.start();
      target.mock
        .onChat({ model: MODEL })
        .replyOnce('a long answer that streams slowly, two letters at a time', {
          chunkSize: 2,
          delayMs: 20,
        });
      const controller = new AbortController();
      const response = await fetch(`${target.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: MODEL,
          messages: MESSAGES,
          max_tokens: MAX_TOKENS,
          stream: true,
        }),
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      await reader?.read();
      controller.abort();
      await expect
        .poll(async () => (await h.store.usage('leaver')).spendUsd, { timeout: 5000 })
        .toBeCloseTo(priceOf(prompt, 0, MAX_TOKENS), 9);
      expect((await h.store.usage('leaver')).reservedUsd).toBe(0);
      expect((await h.store.get('leaver'))?.lastUsedAt).not.toBeNull();
    });

    it('keeps the spend across a restart of the gateway and the store', async () => {
      const { key } = await h.store.create('durable', { budgetUsd: 2 });
      let target = await h.start();
      target.mock.onChat().reply({ content: 'x', usage: upstreamUsage(1000, 0, 10) });
      expect((await chat(target, key)).status).toBe(200);
      await target.server.close();
      await h.store.close();
      h.store = await h.backing.open();
      target = await h.start();
      const { body } = await report(target, key);
      expect(body['spendUsd']).toBeCloseTo(priceOf(1000, 0, 10), 9);
    });
  });
}
