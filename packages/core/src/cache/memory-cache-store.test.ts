import { chatCompletion } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import type { CacheEntry } from './cache-entry.js';
import { MemoryCacheStore } from './memory-cache-store.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function entry(text: string, expiresAt: number): CacheEntry {
  return {
    version: 1,
    storedAt: 0,
    expiresAt,
    kind: 'completion',
    completion: chatCompletion({ id: 'chatcmpl-fixed', created: 1, content: text }),
  };
}

const sizeOf = (key: string, value: CacheEntry) =>
  Buffer.byteLength(JSON.stringify(value)) + Buffer.byteLength(key);

describe('MemoryCacheStore', () => {
  it('returns what was stored, as a copy the caller may change freely', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock });
    const stored = entry('Paris', clock.now() + 1000);
    await store.set('k', stored);
    const first = await store.get('k');
    expect(first).toEqual(stored);
    const choice = first?.kind === 'completion' ? first.completion.choices[0] : undefined;
    if (choice !== undefined) choice.message.content = 'changed';
    expect(await store.get('k')).toEqual(stored);
    expect(await store.delete('k')).toBe(true);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.delete('k')).toBe(false);
  });

  it('drops an entry at its own expiry, on the injected clock', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock });
    await store.set('short', entry('a', clock.now() + 1000));
    await store.set('long', entry('b', clock.now() + 5000));
    clock.advance(999);
    expect(await store.get('short')).toBeDefined();
    clock.advance(1);
    expect(await store.get('short')).toBeUndefined();
    expect(await store.get('long')).toBeDefined();
    expect(store.stats().entries).toBe(1);
    clock.advance(4000);
    expect(await store.get('long')).toBeUndefined();
    expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('does not store an entry that has already expired', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock });
    await store.set('k', entry('a', clock.now()));
    expect(await store.get('k')).toBeUndefined();
    expect(store.stats().entries).toBe(0);
  });

  it('counts the bytes of each entry as its JSON and key in UTF-8', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock });
    const first = entry('Grüße 👋', clock.now() + 1000);
    const second = entry('Paris', clock.now() + 1000);
    await store.set('k1', first);
    await store.set('k2', second);
    expect(store.stats()).toEqual({
      entries: 2,
      bytes: sizeOf('k1', first) + sizeOf('k2', second),
    });
  });

  it('evicts the least recently used entries past maxBytes', async () => {
    const clock = manualClock();
    const expiresAt = clock.now() + 60_000;
    const one = sizeOf('k1', entry('x'.repeat(100), expiresAt));
    const store = new MemoryCacheStore({ clock, maxBytes: one * 3 });
    for (const name of ['k1', 'k2', 'k3']) await store.set(name, entry('x'.repeat(100), expiresAt));
    await store.get('k1'); // now the most recently used
    await store.set('k4', entry('x'.repeat(100), expiresAt));
    expect(await store.get('k2')).toBeUndefined();
    expect(await store.get('k1')).toBeDefined();
    expect(await store.get('k3')).toBeDefined();
    expect(await store.get('k4')).toBeDefined();
    expect(store.stats()).toEqual({ entries: 3, bytes: one * 3 });
  });

  it('refuses an entry larger than the whole bound', async () => {
    const clock = manualClock();
    const store = new MemoryCacheStore({ clock, maxBytes: 500 });
    await store.set('big', entry('x'.repeat(1000), clock.now() + 1000));
    expect(await store.get('big')).toBeUndefined();
    expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('rejects a size bound that is not a positive whole number', () => {
    expect(() => new MemoryCacheStore({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => new MemoryCacheStore({ maxBytes: 1.5 })).toThrow(RangeError);
  });

  it('empties with clear()', async () => {
    const store = new MemoryCacheStore();
    await store.set('k', entry('a', Date.now() + 1000));
    await store.clear();
    expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
