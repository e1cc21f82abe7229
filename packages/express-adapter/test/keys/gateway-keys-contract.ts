import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyStore } from '../../src/keys/index.js';
import { upstreamUsage } from '../known-usage.js';
import { readPrometheusSamples, sampleValue } from '../read-prometheus-samples.js';
import { startTestGateway, type TestGateway } from '../start-test-gateway.js';
import {
  MAX_TOKENS,
  MESSAGES,
  MODEL,
  priceOf,
  promptTokens,
  type StoreBacking,
} from './key-gateway-support.js';

const LISTED_KEY = 'sk-test.listed-operator-key';

/** What one chat request through the gateway answered. */
async function chat(gateway: TestGateway, key: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: MESSAGES, max_tokens: MAX_TOKENS, ...body }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function report(gateway: TestGateway, key: string) {
  const response = await fetch(`${gateway.baseURL}/bulwark/key`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The gateway's enforcement of store keys, against one store implementation.
 *
 * @param name - the store, e.g. `SQLite`.
 * @param createBacking - a fresh, empty backing for each test.
 */
export function describeGatewayKeys(name: string, createBacking: () => StoreBacking): void {
  describe(`gateway keys on ${name}`, () => {
    let backing: StoreBacking;
    let store: KeyStore;
    let gateway: TestGateway | undefined;
    const start = async () => {
      gateway = await startTestGateway({
        keyStore: store,
        env: { BULWARK_API_KEYS: LISTED_KEY, BULWARK_MAX_QUEUE: '1000', BULWARK_CACHE: 'off' },
      });
      return gateway;
    };
    beforeEach(async () => {
      backing = createBacking();
      store = await backing.open();
    });
    afterEach(async () => {
      await gateway?.server.close();
      gateway = undefined;
      await store.close();
      backing.dispose();
    });

    it('never lets 200 concurrent calls pass a budget for 50', async () => {
      const prompt = await promptTokens();
      // The upstream uses all it may: each call costs exactly what it reserves.
      const perCall = priceOf(prompt, 0, MAX_TOKENS);
      const { key } = await store.create('fifty', { budgetUsd: perCall * 50 });
      const target = await start();
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
      const usage = await store.usage('fifty');
      expect(usage.spendUsd).toBeCloseTo(perCall * 50, 9);
      expect(usage.reservedUsd).toBe(0);
      expect(usage.remainingUsd).toBeCloseTo(0, 9);
    });

    it('settles a stream and cached tokens exactly, reports them and counts them per key', async () => {
      const { key } = await store.create('reader', { budgetUsd: 5 });
      const target = await start();
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
      const { key } = await store.create('unlucky', { budgetUsd: 1 });
      const target = await start();
      target.mock.onChat({ model: MODEL }).failOnce(500);
      expect((await chat(target, key)).status).toBe(502);
      expect(await store.usage('unlucky')).toMatchObject({ spendUsd: 0, reservedUsd: 0 });
    });

    it('charges a stream whose caller went away its reservation, and leaves none open', async () => {
      const prompt = await promptTokens();
      const { key } = await store.create('leaver', { budgetUsd: 1 });
      const target = await start();
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
        .poll(async () => (await store.usage('leaver')).spendUsd, { timeout: 5000 })
        .toBeCloseTo(priceOf(prompt, 0, MAX_TOKENS), 9);
      expect((await store.usage('leaver')).reservedUsd).toBe(0);
      expect((await store.get('leaver'))?.lastUsedAt).not.toBeNull();
    });

    it('refuses a revoked key at once, and an expired one with a clear message', async () => {
      const { key } = await store.create('short-lived');
      const { key: old } = await store.create('old', { expiresAt: Date.now() - 1000 });
      const target = await start();
      target.mock.onChat().reply('fine');
      expect((await chat(target, key)).status).toBe(200);
      await store.revoke('short-lived');
      const revoked = await chat(target, key);
      expect(revoked.status).toBe(401);
      expect(JSON.parse(revoked.body)).toMatchObject({ error: { code: 'invalid_api_key' } });
      const expired = await chat(target, old);
      expect(expired.status).toBe(401);
      expect(JSON.parse(expired.body)).toMatchObject({
        error: {
          code: 'invalid_api_key',
          message: expect.stringMatching(/^The API key "old" expired at \d{4}-/),
        },
      });
      const unknown = await chat(target, 'bwk_unknownunknownunknownunknown00');
      expect(unknown.status).toBe(401);
    });

    it('keeps the model list, the per-key rpm, and BULWARK_API_KEYS unlimited beside', async () => {
      const { key } = await store.create('narrow', { models: [MODEL], rpm: 2 });
      const target = await start();
      target.mock.onChat().reply('fine');
      const other = await chat(target, key, { model: 'gpt-4o' });
      expect(other.status).toBe(403);
      expect(JSON.parse(other.body)).toEqual({
        error: {
          code: 'model_not_allowed',
          type: 'invalid_request_error',
          param: 'model',
          message: 'The key "narrow" may not use the model "gpt-4o"',
        },
      });
      expect((await chat(target, key)).status).toBe(200);
      expect((await chat(target, key)).status).toBe(200);
      const limited = await chat(target, key);
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.body)).toMatchObject({
        error: { code: 'caller_rate_limit_exceeded' },
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      for (let index = 0; index < 5; index += 1) {
        expect((await chat(target, LISTED_KEY, { model: 'gpt-4o' })).status).toBe(200);
      }
      expect(await report(target, LISTED_KEY)).toMatchObject({
        status: 404,
        body: { error: { code: 'unmanaged_key' } },
      });
      expect((await report(target, 'sk-test.wrong')).status).toBe(401);
    });

    it('answers malformed credentials with 401 and a failing store with 503, never a key', async () => {
      const { key } = await store.create('fragile');
      const target = await start();
      target.mock.onChat().reply('fine');
      for (const authorization of ['Bearer', 'Basic Zm9vOmJhcg==', `Token ${key}`, '']) {
        const response = await fetch(`${target.baseURL}/models`, { headers: { authorization } });
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({
          error: { code: 'invalid_api_key', message: expect.stringContaining('Missing API key') },
        });
      }
      await store.close();
      const failed = await chat(target, key);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
      expect(JSON.parse(failed.body)).toMatchObject({ error: { code: 'key_store_unavailable' } });
      expect(failed.body).not.toContain(key);
      expect(target.rawLogs.join('\n')).not.toContain(key);
    });

    it('keeps the spend across a restart of the gateway and the store', async () => {
      const { key } = await store.create('durable', { budgetUsd: 2 });
      let target = await start();
      target.mock.onChat().reply({ content: 'x', usage: upstreamUsage(1000, 0, 10) });
      expect((await chat(target, key)).status).toBe(200);
      await target.server.close();
      await store.close();
      store = await backing.open();
      target = await start();
      const { body } = await report(target, key);
      expect(body['spendUsd']).toBeCloseTo(priceOf(1000, 0, 10), 9);
    });
  });
}
