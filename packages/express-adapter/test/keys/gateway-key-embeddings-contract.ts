import { countEmbeddingTokens, DEFAULT_MODELS, loadTokenCounter } from '@bulwark/core/models';
import { describe, expect, it } from 'vitest';
import type { TestGateway } from '../start-test-gateway.js';
import { useGatewayWithStore, type Answer } from './gateway-key-harness.js';
import type { StoreBacking } from './key-gateway-support.js';

const EMBEDDING_MODEL = 'text-embedding-3-small';
const INPUT = 'Embed this sentence for the budget test.';

/** What one embeddings request through the gateway answered. */
async function embed(gateway: TestGateway, key: string, model = EMBEDDING_MODEL): Promise<Answer> {
  const response = await fetch(`${gateway.baseURL}/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, input: INPUT, encoding_format: 'float' }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The cost of one {@link INPUT} call: its tokens at the model's input price (no output). */
async function costOfOneCall(): Promise<number> {
  const model = DEFAULT_MODELS[EMBEDDING_MODEL];
  if (model === undefined) throw new Error(`${EMBEDDING_MODEL} has no entry`);
  const tokens = countEmbeddingTokens(INPUT, await loadTokenCounter(model.encoding));
  return (tokens * model.inputCostPer1K) / 1000;
}

/**
 * A store key's models, budget and settlement on `POST /v1/embeddings`, against one store.
 *
 * @param name - the store, e.g. `SQLite`.
 * @param createBacking - a fresh, empty backing for each test.
 */
export function describeGatewayKeyEmbeddings(
  name: string,
  createBacking: () => StoreBacking,
): void {
  describe(`gateway key embeddings on ${name}`, () => {
    const h = useGatewayWithStore(createBacking);

    it('never lets 20 concurrent embeddings calls pass a budget for 5, and settles each exactly', async () => {
      const perCall = await costOfOneCall();
      expect(perCall).toBeGreaterThan(0);
      const { key } = await h.store.create('vectors', { budgetUsd: perCall * 5 });
      const target = await h.start();
      const answers = await Promise.all(Array.from({ length: 20 }, () => embed(target, key)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
      const refused = answers.find((answer) => answer.status === 429);
      expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({
        error: { code: 'budget_exceeded' },
      });
      const usage = await h.store.usage('vectors');
      expect(usage.spendUsd).toBeCloseTo(perCall * 5, 12);
      expect(usage.reservedUsd).toBe(0);
    });

    it('refuses an embedding model outside the key allow-list with 403 naming it', async () => {
      const { key } = await h.store.create('chat-only', { models: ['gpt-4o-mini'] });
      const target = await h.start();
      const answer = await embed(target, key);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: 'model_not_allowed', param: 'model' },
      });
      expect(answer.body).toContain(EMBEDDING_MODEL);
      expect(target.mock.embeddingCalls).toHaveLength(0);
    });

    it('releases the reservation of an embeddings call that failed', async () => {
      const { key } = await h.store.create('unlucky-vectors', { budgetUsd: 1 });
      const target = await h.start();
      target.mock.onEmbeddings().failOnce(500);
      expect((await embed(target, key)).status).toBe(502);
      expect(await h.store.usage('unlucky-vectors')).toMatchObject({
        spendUsd: 0,
        reservedUsd: 0,
      });
    });
  });
}
