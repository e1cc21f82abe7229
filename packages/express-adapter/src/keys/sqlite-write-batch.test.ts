import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf } from '../../test/keys/key-store-contract.js';
import Database from 'better-sqlite3';
import { KeyStoreError } from './key-store-error.js';
import type { Reservation } from './key-store.js';
import { openSqliteKeyStore } from './open-sqlite-key-store.js';
import { SqliteRunner } from './sqlite-runner.js';
import { SqliteWriteBatch } from './sqlite-write-batch.js';

const folders: string[] = [];
function stateDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-batch-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('SQLite write batches', () => {
  it('commits reserves and settles of one turn together, each with its own outcome', async () => {
    const store = await openSqliteKeyStore({ stateDir: stateDir() });
    await store.create('kept', { budgetUsd: 1 });
    await store.create('gone', { budgetUsd: 1 });
    // Queued in one turn; the revoke lands before the batch commits.
    const kept = store.reserve('kept', 0.25, 60_000);
    const gone = store.reserve('gone', 0.25, 60_000);
    await store.revoke('gone');
    expect(await codeOf(gone)).toBe('unknown_key');
    const outcome = await kept;
    if (!outcome.granted) throw new Error('refused');
    await Promise.all([
      store.settle(outcome.reservation, 0.1),
      store.settle({ ...outcome.reservation, id: 'another', tracked: false }, 0.05),
    ]);
    expect(await store.usage('kept')).toMatchObject({ reservedUsd: 0 });
    expect((await store.usage('kept')).spendUsd).toBeCloseTo(0.15, 9);
    await store.close();
  });

  it('counts the spend of a settle against a reserve after it in the same batch', async () => {
    const store = await openSqliteKeyStore({ stateDir: stateDir() });
    await store.create('tight', { budgetUsd: 1 });
    const first = await store.reserve('tight', 0.6, 60_000);
    if (!first.granted) throw new Error('refused');
    // One turn: the settle deletes its reservation before the reserve reads the budget.
    const [, second] = await Promise.all([
      store.settle(first.reservation, 0.6),
      store.reserve('tight', 0.6, 60_000),
    ]);
    expect(second).toMatchObject({ granted: false, code: 'budget_exceeded' });
    expect(await store.usage('tight')).toMatchObject({ spendUsd: 0.6, reservedUsd: 0 });
    await store.close();
  });

  it('resolves a reserve at its commit, and a settle of the same batch once flushed', async () => {
    const store = await openSqliteKeyStore({ stateDir: stateDir() });
    await store.create('both', { budgetUsd: 1 });
    const first = await store.reserve('both', 0.25, 60_000);
    if (!first.granted) throw new Error('refused');
    const order: string[] = [];
    await Promise.all([
      store.settle(first.reservation, 0.25).then(() => order.push('settle')),
      store.reserve('both', 0.25, 60_000).then(() => order.push('reserve')),
    ]);
    expect(order).toEqual(['reserve', 'settle']);
    await store.close();
  });

  it("sums one batch's settles per key, and charges no key revoked and created anew since", async () => {
    const store = await openSqliteKeyStore({ stateDir: stateDir() });
    await store.create('a', { budgetUsd: 1, budgetPeriod: 'day' });
    await store.create('b', { budgetUsd: 1, budgetPeriod: 'total' });
    const reserved = await Promise.all(
      ['a', 'a', 'b', 'b'].map((name) => store.reserve(name, 0.2, 60_000)),
    );
    const [a1, a2, b1, b2] = reserved.map((outcome) => {
      if (!outcome.granted) throw new Error('refused');
      return outcome.reservation;
    }) as [Reservation, Reservation, Reservation, Reservation];
    await store.revoke('b');
    await store.create('b', { budgetUsd: 1, budgetPeriod: 'total' });
    // One turn: one batch, one transaction.
    await Promise.all([
      store.settle(a1, 0.125),
      store.settle(b1, 0.1),
      store.settle(a2, 0.0625),
      store.settle(b2, 0.1),
    ]);
    expect(await store.usage('a')).toMatchObject({ spendUsd: 0.1875, reservedUsd: 0 });
    expect(await store.usage('b')).toMatchObject({ spendUsd: 0, reservedUsd: 0 });
    const listed = await store.list();
    expect(listed.map(({ name }) => name)).toEqual(['a', 'b']);
    await store.close();
  });

  it('rejects only the durable writes of a batch whose flush failed, and all of one that failed', async () => {
    const runner = new SqliteRunner(new Database(':memory:'));
    runner.db.exec('CREATE TABLE t (v INTEGER)');
    const failure = new KeyStoreError({ code: 'key_store_unavailable', message: 'disk gone' });
    const batch = new SqliteWriteBatch<string[]>(runner, {
      scratch: () => [],
      finish: (seen) => {
        if (seen.includes('poison')) throw new Error('finish failed');
      },
      flush: () => Promise.reject(failure),
    });
    const insert = (value: number) => () => runner.statement('INSERT INTO t VALUES (?)').run(value);
    const [plain, durable] = await Promise.allSettled([
      batch.add(insert(1), false),
      batch.add(insert(2), true),
    ]);
    expect(plain.status).toBe('fulfilled');
    expect(durable).toMatchObject({ status: 'rejected', reason: failure });
    // Committed all the same: the flush only decides when a durable write may resolve.
    expect(runner.statement('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    const both = await Promise.allSettled([
      batch.add(insert(3), false),
      batch.add((seen) => void seen.push('poison'), false),
    ]);
    expect(both.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    expect(runner.statement('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    runner.db.close();
  });
});
