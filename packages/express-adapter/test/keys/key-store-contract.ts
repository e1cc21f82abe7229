import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isKeyExpired,
  isModelAllowed,
  KeyStoreError,
  type KeyStore,
  type Reservation,
} from '../../src/keys/index.js';

/** Where one test's store lives: a fresh SQLite folder, or a fresh Redis key prefix. */
export interface KeyStoreBacking {
  /** Opens a store on this backing (the same file or prefix every time) with `now` as its clock. */
  open(now: () => number): Promise<KeyStore>;
  /** Everything stored, as text, to prove that no key is. */
  dump(): Promise<string>;
  /** Cleans up (after every store opened on it was closed). */
  dispose?(): Promise<void>;
}

/** A clock the tests move by hand. */
export function testClock(start: number) {
  let time = start;
  return {
    now: () => time,
    set: (next: number) => void (time = next),
    advance: (ms: number) => void (time += ms),
  };
}

/** What `promise` rejects with, as a KeyStoreError's code. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (KeyStoreError.isInstance(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** 2026-11-30 23:30 UTC: half an hour before a day and a month roll over. */
export const LATE_NOVEMBER = Date.UTC(2026, 10, 30, 23, 30);
const HOUR = 3_600_000;

/**
 * The behaviour every `KeyStore` must have, run against one implementation.
 *
 * @param name - the implementation, e.g. `SQLite`.
 * @param createBacking - a fresh, empty backing for each test.
 */
export function describeKeyStoreContract(
  name: string,
  createBacking: () => Promise<KeyStoreBacking>,
): void {
  describe(`${name} key store (the KeyStore contract)`, () => {
    let backing: KeyStoreBacking;
    let clock: ReturnType<typeof testClock>;
    let store: KeyStore;
    const opened: KeyStore[] = [];
    const open = async () => {
      const next = await backing.open(clock.now);
      opened.push(next);
      return next;
    };

    beforeEach(async () => {
      backing = await createBacking();
      clock = testClock(LATE_NOVEMBER);
      store = await open();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
      await backing.dispose?.();
    });

    it('creates a key shown once: bwk_ and 32 base62 characters, stored only as its hash', async () => {
      const { key, record } = await store.create('billing', { rpm: 60, budgetUsd: 5 });
      expect(key).toMatch(/^bwk_[0-9A-Za-z]{32}$/);
      expect(record).toEqual({
        id: expect.any(String),
        name: 'billing',
        limits: {
          rpm: 60,
          tpm: null,
          budgetUsd: 5,
          budgetPeriod: 'month',
          models: null,
          expiresAt: null,
        },
        createdAt: LATE_NOVEMBER,
        updatedAt: LATE_NOVEMBER,
        lastUsedAt: null,
      });
      const second = await store.create('search');
      expect(second.key).not.toBe(key);
      expect(second.record.id).not.toBe(record.id);
      expect((await store.findByKey(key))?.id).toBe(record.id);
      const stored = await backing.dump();
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(4));
      expect(JSON.stringify(await store.list())).not.toContain(key);
    });

    it('finds a key by the key presented, and nothing for any other', async () => {
      const { key } = await store.create('billing');
      expect((await store.findByKey(key))?.name).toBe('billing');
      expect(await store.findByKey(`${key}x`)).toBeUndefined();
      expect(await store.findByKey('sk-test.not-a-store-key')).toBeUndefined();
      expect(await store.findByKey('')).toBeUndefined();
    });

    it('refuses a taken name, malformed names and bad limits with their codes', async () => {
      await store.create('billing');
      expect(await codeOf(store.create('billing'))).toBe('key_exists');
      for (const bad of ['', 'a b', 'a:b', 'é', 'x'.repeat(65), 'new\nline']) {
        expect(await codeOf(store.create(bad)), JSON.stringify(bad)).toBe('invalid_key_name');
      }
      for (const good of ['a', 'A.b_c-9', 'x'.repeat(64)]) await store.create(good);
      const limits = [
        { rpm: 0 },
        { tpm: 1.5 },
        { budgetUsd: -1 },
        { budgetUsd: Number.NaN },
        { budgetPeriod: 'week' as never },
        { models: [] },
        { models: ['gpt-4o', ' '] },
        { expiresAt: 1.5 },
      ];
      for (const bad of limits) {
        expect(await codeOf(store.create('other', bad)), JSON.stringify(bad)).toBe(
          'invalid_key_limits',
        );
      }
      expect(await store.get('other')).toBeUndefined();
    });

    it('lists by name, gets one, and updates limits: left out kept, null removed', async () => {
      await store.create('search', { models: ['gpt-4o'] });
      await store.create('billing', { rpm: 60, tpm: 1000, budgetUsd: 5, budgetPeriod: 'day' });
      expect((await store.list()).map((record) => record.name)).toEqual(['billing', 'search']);
      expect(await store.get('missing')).toBeUndefined();
      clock.advance(1000);
      const updated = await store.update('billing', {
        rpm: null,
        budgetUsd: 7.5,
        models: ['a', 'a', 'b'],
      });
      expect(updated.limits).toEqual({
        rpm: null, tpm: 1000, budgetUsd: 7.5, budgetPeriod: 'day', models: ['a', 'b'], expiresAt: null,
      }); // prettier-ignore
      expect(updated.updatedAt).toBe(LATE_NOVEMBER + 1000);
      expect(await store.get('billing')).toEqual(updated);
      expect(await codeOf(store.update('missing', { rpm: 1 }))).toBe('unknown_key');
      expect(await codeOf(store.update('bad name', { rpm: 1 }))).toBe('invalid_key_name');
      expect(await codeOf(store.update('billing', { tpm: -3 }))).toBe('invalid_key_limits');
    });

    it('revokes a key at once, with its spend; the name is free again', async () => {
      const { key } = await store.create('billing', { budgetUsd: 1 });
      const outcome = await store.reserve('billing', 0.2, 60_000);
      if (!outcome.granted) throw new Error('expected a grant');
      await store.settle(outcome.reservation, 0.2);
      await store.revoke('billing');
      expect(await store.findByKey(key)).toBeUndefined();
      expect(await store.get('billing')).toBeUndefined();
      expect(await codeOf(store.revoke('billing'))).toBe('unknown_key');
      expect(await codeOf(store.usage('billing'))).toBe('unknown_key');
      expect(await codeOf(store.reserve('billing', 0.1, 1000))).toBe('unknown_key');
      const again = await store.create('billing', { budgetUsd: 1 });
      expect(again.key).not.toBe(key);
      expect((await store.usage('billing')).spendUsd).toBe(0);
    });

    it('tells an expired key and a model off the list (injected clock)', async () => {
      const expiresAt = LATE_NOVEMBER + HOUR;
      const { record } = await store.create('temp', { expiresAt, models: ['gpt-4o-mini'] });
      expect(isKeyExpired(record, clock.now())).toBe(false);
      clock.set(expiresAt - 1);
      expect(isKeyExpired(record, clock.now())).toBe(false);
      clock.set(expiresAt);
      expect(isKeyExpired(record, clock.now())).toBe(true);
      expect(isModelAllowed(record, 'gpt-4o-mini')).toBe(true);
      expect(isModelAllowed(record, 'gpt-4o')).toBe(false);
      const open = await store.create('open');
      expect(isKeyExpired(open.record, Number.MAX_SAFE_INTEGER)).toBe(false);
      expect(isModelAllowed(open.record, 'anything')).toBe(true);
    });

    it('reserves, then settles the true cost or releases; refuses what would pass the budget', async () => {
      await store.create('billing', { budgetUsd: 1 });
      const first = await store.reserve('billing', 0.4, 60_000);
      expect(first.granted).toBe(true);
      expect(await store.usage('billing')).toMatchObject({
        spendUsd: 0,
        reservedUsd: 0.4,
        remainingUsd: 0.6,
      });
      const refused = await store.reserve('billing', 0.7, 60_000);
      expect(refused).toMatchObject({
        granted: false,
        code: 'budget_exceeded',
        budgetUsd: 1,
        usage: { spendUsd: 0, reservedUsd: 0.4, remainingUsd: 0.6 },
      });
      const second = await store.reserve('billing', 0.6, 60_000);
      if (!first.granted || !second.granted) throw new Error('expected grants');
      expect((await store.usage('billing')).remainingUsd).toBe(0);
      await store.settle(first.reservation, 0.1);
      await store.release(second.reservation);
      expect(await store.usage('billing')).toMatchObject({
        spendUsd: 0.1,
        reservedUsd: 0,
        remainingUsd: 0.9,
      });
      expect((await store.reserve('billing', 0.9, 60_000)).granted).toBe(true);
      expect((await store.reserve('billing', 0.000_000_001, 60_000)).granted).toBe(false);
      await expect(store.reserve('billing', -1, 1000)).rejects.toThrow(RangeError);
      await expect(store.reserve('billing', 1, 0)).rejects.toThrow(RangeError);
    });

    it('adds settled amounts exactly (nano-dollars), and counts spend without a budget', async () => {
      await store.create('free');
      for (let call = 0; call < 10; call += 1) {
        const outcome = await store.reserve('free', 5, 60_000);
        if (!outcome.granted) throw new Error('a key without a budget is never refused');
        expect(outcome.reservation.tracked).toBe(false);
        await store.settle(outcome.reservation, 0.1);
      }
      expect(await store.usage('free')).toMatchObject({
        spendUsd: 1,
        reservedUsd: 0,
        remainingUsd: null,
      });
    });

    it('lets reservations expire after their TTL: none stays stuck', async () => {
      await store.create('billing', { budgetUsd: 1 });
      const held = await store.reserve('billing', 0.9, 30_000);
      expect((await store.reserve('billing', 0.2, 30_000)).granted).toBe(false);
      clock.advance(29_999);
      expect((await store.usage('billing')).reservedUsd).toBe(0.9);
      clock.advance(1);
      expect((await store.usage('billing')).reservedUsd).toBe(0);
      expect((await store.reserve('billing', 0.2, 30_000)).granted).toBe(true);
      // A late settle still charges what the call cost.
      if (!held.granted) throw new Error('expected a grant');
      await store.settle(held.reservation, 0.5);
      expect(await store.usage('billing')).toMatchObject({ spendUsd: 0.5, reservedUsd: 0.2 });
    });

    it('rolls spend over with its period: UTC day, UTC month, or never (total)', async () => {
      const { record } = await store.create('billing', { budgetUsd: 10, budgetPeriod: 'day' });
      const outcome = await store.reserve('billing', 1, 60_000);
      if (!outcome.granted) throw new Error('expected a grant');
      await store.settle(outcome.reservation, 1);
      expect(await store.usage('billing')).toMatchObject({
        spendUsd: 1,
        periodStart: Date.UTC(2026, 10, 30),
        periodEnd: Date.UTC(2026, 11, 1),
      });
      clock.set(Date.UTC(2026, 11, 1)); // midnight: a new day and a new month
      expect(await store.usage('billing')).toMatchObject({ spendUsd: 0, remainingUsd: 10 });
      await store.update('billing', { budgetPeriod: 'month' });
      expect(await store.usage('billing')).toMatchObject({
        spendUsd: 0,
        periodStart: Date.UTC(2026, 11, 1),
        periodEnd: Date.UTC(2027, 0, 1),
      });
      await store.update('billing', { budgetPeriod: 'total' });
      expect(await store.usage('billing')).toMatchObject({
        spendUsd: 1,
        periodStart: record.createdAt,
        periodEnd: null,
      });
      clock.set(LATE_NOVEMBER + HOUR / 2 - 1); // back in November: its month holds the dollar
      await store.update('billing', { budgetPeriod: 'month' });
      expect((await store.usage('billing')).spendUsd).toBe(1);
    });

    it('never overspends under 200 concurrent reserves against a budget for 50', async () => {
      await store.create('shared', { budgetUsd: 0.5 });
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, () => store.reserve('shared', 0.01, 60_000)),
      );
      const granted = outcomes.flatMap((outcome) => (outcome.granted ? [outcome.reservation] : []));
      expect(granted).toHaveLength(50);
      expect(await store.usage('shared')).toMatchObject({ reservedUsd: 0.5, remainingUsd: 0 });
      await Promise.all(granted.map((reservation) => store.settle(reservation, 0.01)));
      expect(await store.usage('shared')).toMatchObject({
        spendUsd: 0.5,
        reservedUsd: 0,
        remainingUsd: 0,
      });
    });

    it('keeps settled spend across a restart', async () => {
      const { key } = await store.create('billing', { budgetUsd: 2 });
      const outcome = await store.reserve('billing', 1, 60_000);
      if (!outcome.granted) throw new Error('expected a grant');
      await store.settle(outcome.reservation, 0.75);
      await store.touch('billing');
      await store.close();
      const reopened = await open();
      expect((await reopened.findByKey(key))?.lastUsedAt).toBe(LATE_NOVEMBER);
      expect(await reopened.usage('billing')).toMatchObject({ spendUsd: 0.75, remainingUsd: 1.25 });
    });

    it('charges nothing for a settle after the key was revoked, or revoked and created anew', async () => {
      await store.create('billing', { budgetUsd: 1 });
      const outcome = await store.reserve('billing', 0.5, 60_000);
      if (!outcome.granted) throw new Error('expected a grant');
      await store.revoke('billing');
      await store.settle(outcome.reservation, 0.5);
      expect(await store.get('billing')).toBeUndefined();
      await store.create('billing', { budgetUsd: 1 });
      await store.settle(outcome.reservation as Reservation, 0.5);
      expect((await store.usage('billing')).spendUsd).toBe(0);
    });

    it('records the last use, at most once a second per key', async () => {
      await store.create('billing');
      await store.touch('billing');
      expect((await store.get('billing'))?.lastUsedAt).toBe(LATE_NOVEMBER);
      clock.advance(999);
      await store.touch('billing');
      expect((await store.get('billing'))?.lastUsedAt).toBe(LATE_NOVEMBER);
      clock.advance(1);
      await store.touch('billing');
      expect((await store.get('billing'))?.lastUsedAt).toBe(LATE_NOVEMBER + 1000);
      await store.touch('missing');
      expect(await store.get('missing')).toBeUndefined();
    });
  });
}
