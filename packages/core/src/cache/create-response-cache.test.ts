import { chatCompletion } from '@bulwark/testing-mocks';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, ServerError } from '../errors/errors.js';
import type { CacheStore } from './cache-store.js';
import { createResponseCache, type ResponseCacheOptions } from './create-response-cache.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import type { UpstreamCompletion } from './response-cache.js';

const request = (extra: Partial<ChatCompletionCreateParams> = {}) =>
  ({
    model: 'gpt-4',
    messages: [{ role: 'user', content: 'Capital of France?' }],
    temperature: 0,
    ...extra,
  }) as ChatCompletionCreateParams;

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function setup(options: Partial<ResponseCacheOptions> = {}) {
  const clock = manualClock();
  const store = new MemoryCacheStore({ clock });
  const cache = createResponseCache({ store, clock, ...options });
  let answers = 0;
  const upstream = vi.fn(async (_signal: AbortSignal | undefined): Promise<UpstreamCompletion> => ({
    completion: chatCompletion({ content: `answer ${++answers}` }),
    requestId: `req_${answers}`,
  }));
  return { cache, store, clock, upstream };
}

const text = (answer: UpstreamCompletion) => answer.completion.choices[0]?.message.content;

describe('createResponseCache: completions', () => {
  it('misses, then hits, for a deterministic request (temperature 0 or a seed)', async () => {
    const { cache, upstream } = setup();
    for (const extra of [{}, { temperature: 0.9, seed: 7 }]) {
      const first = await cache.complete(request(extra), {}, upstream);
      const second = await cache.complete(request(extra), {}, upstream);
      expect(first.outcome).toBe('miss');
      expect(second).toMatchObject({ outcome: 'hit', key: first.key, requestId: first.requestId });
      expect(second.completion).toEqual(first.completion);
    }
    expect(upstream).toHaveBeenCalledTimes(2);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, coalesced: 0, hitRatio: 0.5 });
  });

  it('does not cache a sampled request under the deterministic policy', async () => {
    const { cache, upstream } = setup();
    const sampled = request({ temperature: 0.7 });
    const first = await cache.complete(sampled, {}, upstream);
    const second = await cache.complete(sampled, {}, upstream);
    expect([first.outcome, second.outcome]).toEqual(['bypass', 'bypass']);
    expect([text(first), text(second)]).toEqual(['answer 1', 'answer 2']);
    expect(cache.keyOf(sampled)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it('caches every request under the always policy', async () => {
    const { cache, upstream } = setup({ when: 'always' });
    await cache.complete(request({ temperature: 0.7 }), {}, upstream);
    const second = await cache.complete(request({ temperature: 0.7 }), {}, upstream);
    expect(second.outcome).toBe('hit');
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('neither reads nor writes for cache: bypass', async () => {
    const { cache, upstream } = setup();
    await cache.complete(request(), {}, upstream);
    const bypassed = await cache.complete(request(), { mode: 'bypass' }, upstream);
    expect(bypassed).toMatchObject({ outcome: 'bypass', key: undefined });
    expect(text(bypassed)).toBe('answer 2');
    expect(text(await cache.complete(request(), {}, upstream))).toBe('answer 1');
  });

  it('goes upstream and overwrites for cache: refresh', async () => {
    const { cache, upstream } = setup();
    await cache.complete(request(), {}, upstream);
    const refreshed = await cache.complete(request(), { mode: 'refresh' }, upstream);
    expect(refreshed.outcome).toBe('miss');
    expect(text(refreshed)).toBe('answer 2');
    expect(text(await cache.complete(request(), {}, upstream))).toBe('answer 2');
  });

  it('makes exactly one upstream call for 50 identical concurrent calls', async () => {
    const { cache, upstream } = setup();
    const lookups: string[] = [];
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        cache.complete(request(), { onLookup: (_, outcome) => lookups.push(outcome) }, upstream),
      ),
    );
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(new Set(answers.map(text))).toEqual(new Set(['answer 1']));
    expect(answers.filter((answer) => answer.outcome === 'miss')).toHaveLength(1);
    expect(lookups.filter((outcome) => outcome === 'coalesced')).toHaveLength(49);
    expect(cache.stats()).toMatchObject({ hits: 49, coalesced: 49, misses: 1, entries: 1 });
  });

  it('gives every caller its own copy of the completion', async () => {
    const { cache, upstream } = setup();
    const [first, second] = await Promise.all([
      cache.complete(request(), {}, upstream),
      cache.complete(request(), {}, upstream),
    ]);
    const [choice] = first.completion.choices;
    if (choice !== undefined) choice.message.content = 'changed by a caller';
    expect(text(second)).toBe('answer 1');
    expect(text(await cache.complete(request(), {}, upstream))).toBe('answer 1');
  });

  it('gives a failure to every waiter and never caches it', async () => {
    const { cache, store } = setup();
    const failure = new ServerError({ message: 'upstream 500', requestId: undefined });
    const failing = vi.fn(async () => {
      await Promise.resolve();
      throw failure;
    });
    const calls = [1, 2, 3].map(() => cache.complete(request(), {}, failing));
    for (const call of calls) await expect(call).rejects.toBe(failure);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(store.stats().entries).toBe(0);
    const { upstream } = setup();
    expect((await cache.complete(request(), {}, upstream)).outcome).toBe('miss');
  });

  it('lets a caller abort without cancelling the shared upstream call', async () => {
    const { cache } = setup();
    let release!: () => void;
    let upstreamSignal: AbortSignal | undefined;
    const slow = async (signal: AbortSignal | undefined) => {
      upstreamSignal = signal;
      await new Promise<void>((resolve) => (release = resolve));
      return { completion: chatCompletion('shared'), requestId: undefined };
    };
    const caller = new AbortController();
    const aborted = cache.complete(request(), { signal: caller.signal }, slow);
    const kept = cache.complete(request(), {}, slow);
    await vi.waitFor(() => expect(upstreamSignal).toBeDefined());
    caller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    expect(upstreamSignal?.aborted).toBe(false);
    release();
    expect(text(await kept)).toBe('shared');
  });

  it('aborts the upstream call when every caller has aborted, and stores nothing', async () => {
    const { cache, store } = setup();
    let upstreamSignal: AbortSignal | undefined;
    const hanging = (signal: AbortSignal | undefined) =>
      new Promise<UpstreamCompletion>((_, reject) => {
        upstreamSignal = signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    const callers = [new AbortController(), new AbortController()];
    const calls = callers.map((caller) =>
      cache.complete(request(), { signal: caller.signal }, hanging),
    );
    await vi.waitFor(() => expect(upstreamSignal).toBeDefined());
    for (const caller of callers) caller.abort();
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(upstreamSignal?.aborted).toBe(true);
    expect(store.stats().entries).toBe(0);
  });

  it('expires entries after ttlMs on the injected clock', async () => {
    const { cache, clock, upstream } = setup({ ttlMs: 10_000 });
    await cache.complete(request(), {}, upstream);
    clock.advance(9_999);
    expect((await cache.complete(request(), {}, upstream)).outcome).toBe('hit');
    clock.advance(1);
    const expired = await cache.complete(request(), {}, upstream);
    expect(expired.outcome).toBe('miss');
    expect(text(expired)).toBe('answer 2');
  });

  it('never answers one namespace from another sharing the store', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock });
    const tenantA = createResponseCache({ store, clock, namespace: 'tenant-a' });
    const tenantB = createResponseCache({ store, clock, namespace: 'tenant-b' });
    const answerA = { completion: chatCompletion('for A'), requestId: undefined };
    const answerB = { completion: chatCompletion('for B'), requestId: undefined };
    await tenantA.complete(request(), {}, async () => answerA);
    const fromB = await tenantB.complete(request(), {}, async () => answerB);
    expect(fromB.outcome).toBe('miss');
    expect(text(fromB)).toBe('for B');
    expect(text(await tenantA.complete(request(), {}, async () => answerB))).toBe('for A');
    expect(store.stats().entries).toBe(2);
  });

  it('treats a failing store as a miss and reports the failure', async () => {
    const broken: CacheStore = {
      get: async () => Promise.reject(new Error('store down')),
      set: async () => Promise.reject(new Error('store down')),
      delete: async () => false,
    };
    const onStoreError = vi.fn();
    const { upstream } = setup();
    const cache = createResponseCache({ store: broken, onStoreError });
    const answer = await cache.complete(request(), {}, upstream);
    expect(answer.outcome).toBe('miss');
    await vi.waitFor(() => expect(onStoreError).toHaveBeenCalledTimes(2));
    expect(onStoreError.mock.calls.map(([, operation]) => operation)).toEqual(['get', 'set']);
    expect(cache.stats()).toMatchObject({ entries: undefined, bytes: undefined, misses: 1 });
  });

  it('rejects a lifetime or namespace it cannot use', () => {
    const store = new MemoryCacheStore();
    expect(() => createResponseCache({ store, ttlMs: 0 })).toThrow(RangeError);
    expect(() => createResponseCache({ store, namespace: '' })).toThrow(RangeError);
  });
});
