import { chatCompletion } from '@bulwark/testing-mocks';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { configIssuesOf as issuesOf } from '../../test/support/config-issues.js';
import type { CacheEntry } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';
import { resolveResponseCache } from './resolve-response-cache.js';

const request = {
  model: 'gpt-4',
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0,
} satisfies ChatCompletionCreateParams;
const answer = async () => ({ completion: chatCompletion('hello'), requestId: undefined });

describe('resolveResponseCache', () => {
  it('defaults to a memory store caching deterministic requests', async () => {
    const cache = resolveResponseCache(undefined);
    await cache?.complete(request, {}, answer);
    expect((await cache?.complete(request, {}, answer))?.outcome).toBe('hit');
    expect(cache?.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    expect(cache?.keyOf({ ...request, temperature: 1 })).toBeUndefined();
  });

  it('turns the cache off with store: off', () => {
    expect(resolveResponseCache({ store: 'off' })).toBeUndefined();
  });

  it('uses a store of the caller, under its namespace', async () => {
    const entries = new Map<string, CacheEntry>();
    const store: CacheStore = {
      get: async (key) => entries.get(key),
      set: async (key, entry) => void entries.set(key, entry),
      delete: async (key) => entries.delete(key),
    };
    const cache = resolveResponseCache({ store, namespace: 'team', when: 'always' });
    await cache?.complete({ ...request, temperature: 1 }, {}, answer);
    expect([...entries.keys()]).toEqual([expect.stringMatching(/^bulwark:v1:team:/)]);
  });

  it('refuses the redis store when the client has no Redis, with a clear reason', () => {
    expect(issuesOf(() => resolveResponseCache({ store: 'redis' }))).toEqual([
      { name: 'cache.store', message: expect.stringContaining("needs the client's redis option") },
    ]);
  });

  it('names every bad option', () => {
    const issues = issuesOf(() =>
      resolveResponseCache({
        store: {} as CacheStore,
        ttlMs: -1,
        maxBytes: 1.5,
        when: 'sometimes' as 'always',
        namespace: '',
      }),
    );
    expect(issues.map((issue) => issue.name)).toEqual([
      'cache.store',
      'cache.ttlMs',
      'cache.maxBytes',
      'cache.when',
      'cache.namespace',
    ]);
  });
});
