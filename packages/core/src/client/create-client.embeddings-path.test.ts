import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import type { CacheEvent, CacheHitEvent, RetryEvent } from '../index.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { CallInfo } from './call-info.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

const MODEL = 'text-embedding-3-small';
const ask = { model: MODEL, input: ['one', 'two'] };

function setup(options: ClientOptions = {}) {
  const mock = createMockOpenAI();
  const client = createClient({ fetch: mock.fetch, random: () => 0, ...options });
  const hits: CacheHitEvent[] = [];
  const misses: CacheEvent[] = [];
  client.on('cacheHit', (event) => hits.push(event));
  client.on('cacheMiss', (event) => misses.push(event));
  return { mock, client, hits, misses };
}

/** A limiter that records what each attempt asks for and how its grant is settled. */
function recordingLimiter() {
  const acquired: number[] = [];
  const reconciled: number[] = [];
  const limiter: RateLimiter = {
    acquire: ({ tokens = 0 }) => {
      acquired.push(tokens);
      return Promise.resolve({
        requests: 1,
        tokens,
        grantedAt: Date.now(),
        waitedMs: 0,
        reconcile: (actual: number) => void reconciled.push(actual),
        release: () => undefined,
      });
    },
    learn: () => undefined,
    pause: () => undefined,
    health: () => ({ waiters: 0 }),
    dispose: () => undefined,
  };
  return { limiter, acquired, reconciled };
}

describe('client.embeddings.create on the request path', () => {
  it('answers a repeat from the cache by default, whatever cache.when says for chat', async () => {
    const { client, mock, hits, misses } = setup({ cache: { when: 'deterministic' } });
    const first = await client.embeddings.create(ask);
    const infos: CallInfo[] = [];
    const second = await client.embeddings.create(ask, { onCallInfo: (info) => infos.push(info) });
    expect(mock.embeddingCalls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(infos[0]).toMatchObject({ cache: 'hit', attempts: 0 });
    expect(misses[0]?.key).toMatch(/^bulwark:v1:default:embeddings:[0-9a-f]{64}$/);
    expect(hits).toEqual([expect.objectContaining({ key: misses[0]?.key, coalesced: false })]);
    await client.embeddings.create(ask, { cache: 'bypass' });
    expect(mock.embeddingCalls).toHaveLength(2);
  });

  it('keeps float and base64, and different dimensions, apart in the cache', async () => {
    const { client, mock } = setup();
    await client.embeddings.create({ ...ask, encoding_format: 'float' });
    await client.embeddings.create({ ...ask, encoding_format: 'base64' });
    await client.embeddings.create({ ...ask, dimensions: 64 });
    expect(mock.embeddingCalls).toHaveLength(3);
  });

  it('coalesces identical calls in flight into one upstream call', async () => {
    const { client, mock, hits } = setup();
    const answers = await Promise.all([
      client.embeddings.create(ask),
      client.embeddings.create(ask),
      client.embeddings.create(ask),
    ]);
    expect(mock.embeddingCalls).toHaveLength(1);
    expect(answers[1]).toEqual(answers[0]);
    expect(hits.map((hit) => hit.coalesced)).toEqual([true, true]);
  });

  it('retries a failed attempt and reports the attempts', async () => {
    const { client, mock } = setup({ retry: { maxAttempts: 3 } });
    const retries: RetryEvent[] = [];
    client.on('retry', (event) => retries.push(event));
    mock.onEmbeddings().failOnce(500).failOnce(429, { retryAfterMs: 0 });
    const infos: CallInfo[] = [];
    const response = await client.embeddings.create(ask, {
      onCallInfo: (info) => infos.push(info),
    });
    expect(response.data).toHaveLength(2);
    expect(mock.embeddingCalls).toHaveLength(3);
    expect(retries).toHaveLength(2);
    expect(infos[0]).toMatchObject({ attempts: 3, cache: 'miss' });
    mock.assertAllConsumed();
  });

  it('charges the limiter the input’s tokens, with no completion reserve, settled by the usage', async () => {
    const { limiter, acquired, reconciled } = recordingLimiter();
    const { client } = setup({ cache: { store: 'off' }, rateLimiter: limiter });
    await client.embeddings.create({ model: MODEL, input: ['hello world', 'hello'] });
    await client.embeddings.create({ model: 'my-embedder', input: [[1, 2, 3]] }).catch(() => null);
    // 3 tokens counted by the preflight; the unknown model counted with cl100k_base.
    expect(acquired).toEqual([3, 3]);
    expect(reconciled).toEqual([3]);
  });
});
