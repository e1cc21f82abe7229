import { describe, expect, it } from 'vitest';
import { chat, LISTED_KEY, report, useGatewayWithStore } from './gateway-key-harness.js';
import { MODEL, type StoreBacking } from './key-gateway-support.js';

/**
 * The gateway's access checks for store keys (revoke, expiry, models, rpm,
 * malformed credentials, a failing store), against one store.
 *
 * @param name - the store, e.g. `SQLite`.
 * @param createBacking - a fresh, empty backing for each test.
 */
export function describeGatewayKeyAccess(name: string, createBacking: () => StoreBacking): void {
  describe(`gateway key access on ${name}`, () => {
    const h = useGatewayWithStore(createBacking);

    it('refuses a revoked key at once, and an expired one with a clear message', async () => {
      const { key } = await h.store.create('short-lived');
      const { key: old } = await h.store.create('old', { expiresAt: Date.now() - 1000 });
      const target = await h.start();
      target.mock.onChat().reply('fine');
      expect((await chat(target, key)).status).toBe(200);
      await h.store.revoke('short-lived');
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
      const { key } = await h.store.create('narrow', { models: [MODEL], rpm: 2 });
      const target = await h.start();
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

    it('counts no tokens for a call refused for its budget', async () => {
      const { key } = await h.store.create('poor', { tpm: 1000, budgetUsd: 0.000001 });
      const target = await h.start();
      const refused = await chat(target, key);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'budget_exceeded' } });
      // The whole minute's tokens are still there for the key.
      const admission = await h.store.rateLimiter.admit('poor', { rpm: null, tpm: 1000 }, 1000);
      expect(admission.admitted).toBe(true);
    });

    it('answers malformed credentials with 401 and a failing store with 503, never a key', async () => {
      const { key } = await h.store.create('fragile');
      const target = await h.start();
      target.mock.onChat().reply('fine');
      for (const authorization of ['Bearer', 'Basic Zm9vOmJhcg==', `Token ${key}`, '']) {
        const response = await fetch(`${target.baseURL}/models`, { headers: { authorization } });
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({
          error: { code: 'invalid_api_key', message: expect.stringContaining('Missing API key') },
        });
      }
      await h.store.close();
      const failed = await chat(target, key);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
      expect(JSON.parse(failed.body)).toMatchObject({ error: { code: 'key_store_unavailable' } });
      expect(failed.body).not.toContain(key);
      expect(target.rawLogs.join('\n')).not.toContain(key);
    });
  });
}
