import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  codeOf,
  describeKeyStoreContract,
  LATE_NOVEMBER,
} from '../../test/keys/key-store-contract.js';
import { hashGatewayKey } from './gateway-key.js';
import { openKeyStore } from './open-key-store.js';
import { openSqliteKeyStore, SQLITE_KEY_STORE_FILE } from './open-sqlite-key-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';

const folders: string[] = [];
function stateDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-keys-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describeKeyStoreContract('SQLite', async () => {
  const folder = stateDir();
  return {
    open: (now) => openSqliteKeyStore({ stateDir: folder, now }),
    // The database, its WAL and shared memory, as bytes read as text.
    dump: async () =>
      readdirSync(folder)
        .map((file) => readFileSync(join(folder, file)).toString('latin1'))
        .join('\n'),
  };
});

describe('SQLite key store: the file', () => {
  it('is bulwark.db in the state folder, created with it, in WAL mode at the latest version', async () => {
    const folder = join(stateDir(), 'nested', 'state');
    const store = await openSqliteKeyStore({ stateDir: folder });
    const { key } = await store.create('billing');
    await store.close();
    const db = new Database(join(folder, SQLITE_KEY_STORE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(db.prepare('SELECT key_hash FROM keys').pluck().get()).toBe(hashGatewayKey(key));
    db.close();
  });

  it('opens a store written by version 1 and migrates it, keeping keys and spend', async () => {
    const folder = stateDir();
    // Version 1 as it shipped: keys and spend, no reservations. Written by hand, as it was.
    const old = new Database(join(folder, SQLITE_KEY_STORE_FILE));
    old.exec(`CREATE TABLE keys (
      name TEXT PRIMARY KEY, id TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, rpm INTEGER, tpm INTEGER,
      budget_nano INTEGER, budget_period TEXT NOT NULL, models TEXT, expires_at INTEGER,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_used_at INTEGER) STRICT;
      CREATE TABLE spend (name TEXT NOT NULL, period TEXT NOT NULL, spend_nano INTEGER NOT NULL,
      PRIMARY KEY (name, period)) STRICT;
      PRAGMA user_version = 1;`);
    const key = 'bwk_0123456789abcdefghijABCDEFGHIJ01';
    old
      .prepare(
        `INSERT INTO keys VALUES ('legacy', 'id-1', ?, 60, NULL, 2000000000, 'month', '["gpt-4o"]', NULL, ?, ?, NULL)`,
      )
      .run(hashGatewayKey(key), LATE_NOVEMBER, LATE_NOVEMBER);
    old.prepare(`INSERT INTO spend VALUES ('legacy', 'month:2026-11', 500000000)`).run();
    old.close();

    const store = await openSqliteKeyStore({ stateDir: folder, now: () => LATE_NOVEMBER });
    expect((await store.findByKey(key))?.limits).toMatchObject({
      rpm: 60,
      budgetUsd: 2,
      models: ['gpt-4o'],
    });
    expect(await store.usage('legacy')).toMatchObject({ spendUsd: 0.5, remainingUsd: 1.5 });
    const outcome = await store.reserve('legacy', 1.5, 60_000);
    expect(outcome.granted).toBe(true);
    expect((await store.reserve('legacy', 0.01, 60_000)).granted).toBe(false);
    await store.close();
    const db = new Database(join(folder, SQLITE_KEY_STORE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    db.close();
  });

  it('prunes, when it opens, expired reservations and spend of long-past days and months', async () => {
    const folder = stateDir();
    let time = LATE_NOVEMBER;
    const store = await openSqliteKeyStore({ stateDir: folder, now: () => time });
    await store.create('billing', { budgetUsd: 100 });
    const outcome = await store.reserve('billing', 1, 60_000);
    if (!outcome.granted) throw new Error('expected a grant');
    await store.settle(outcome.reservation, 1);
    await store.reserve('billing', 1, 60_000);
    await store.close();
    const periods = () => {
      const db = new Database(join(folder, SQLITE_KEY_STORE_FILE), { readonly: true });
      const rows = db.prepare('SELECT period FROM spend ORDER BY period').pluck().all();
      const reservations = db.prepare('SELECT COUNT(*) FROM reservations').pluck().get();
      db.close();
      return { rows, reservations };
    };
    time = LATE_NOVEMBER + 62 * 86_400_000; // 2027-01-31: the day is 62 days past, not more
    await (await openSqliteKeyStore({ stateDir: folder, now: () => time })).close();
    expect(periods()).toEqual({
      rows: ['day:2026-11-30', 'month:2026-11', 'total'],
      reservations: 0,
    });
    time += 86_400_000;
    await (await openSqliteKeyStore({ stateDir: folder, now: () => time })).close();
    expect(periods().rows).toEqual(['month:2026-11', 'total']);
    time = Date.UTC(2027, 11, 31); // December 2027: November 2026 is 13 months past
    await (await openSqliteKeyStore({ stateDir: folder, now: () => time })).close();
    expect(periods().rows).toEqual(['month:2026-11', 'total']);
    time = Date.UTC(2028, 0, 1);
    const last = await openSqliteKeyStore({ stateDir: folder, now: () => time });
    expect(periods().rows).toEqual(['total']);
    await last.update('billing', { budgetPeriod: 'total' });
    expect((await last.usage('billing')).spendUsd).toBe(1);
    await last.close();
  });

  it('refuses a store written by a newer version, and a file that is not a database', async () => {
    const newer = stateDir();
    const db = new Database(join(newer, SQLITE_KEY_STORE_FILE));
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    expect(await codeOf(openSqliteKeyStore({ stateDir: newer }))).toBe('unsupported_key_store');

    const garbage = stateDir();
    writeFileSync(join(garbage, SQLITE_KEY_STORE_FILE), 'not a database, just text '.repeat(100));
    expect(await codeOf(openSqliteKeyStore({ stateDir: garbage }))).toBe('invalid_state_dir');
  });

  it('names the state folder when it cannot be made (a file stands in its way)', async () => {
    const file = join(stateDir(), 'taken');
    writeFileSync(file, '');
    const failure = openSqliteKeyStore({ stateDir: join(file, 'state') });
    expect(await codeOf(failure)).toBe('invalid_state_dir');
    await expect(openSqliteKeyStore({ stateDir: file })).rejects.toThrow(
      `Cannot open the key store in ${file} (BULWARK_STATE_DIR): EEXIST`,
    );
  });

  it('opens from the configuration relative to cwd, and only if it exists when asked', async () => {
    const cwd = stateDir();
    expect(await openKeyStore({ stateDir: './.bulwark', cwd, onlyIfExists: true })).toBeUndefined();
    expect(readdirSync(cwd)).toEqual([]);
    const store = await openKeyStore({ stateDir: './.bulwark', cwd });
    await store.create('billing');
    await store.close();
    expect(readdirSync(join(cwd, '.bulwark'))).toContain(SQLITE_KEY_STORE_FILE);
    const existing = await openKeyStore({ stateDir: '.bulwark', cwd, onlyIfExists: true });
    expect((await existing?.list())?.map((record) => record.name)).toEqual(['billing']);
    await existing?.close();
  });

  it('never overspends with two processes reserving on one file at once', async () => {
    const folder = stateDir();
    const store = await openSqliteKeyStore({ stateDir: folder });
    await store.create('shared', { budgetUsd: 0.5 });
    const child = fileURLToPath(new URL('../../test/keys/reserve-in-child.ts', import.meta.url));
    const children = [0, 1].map(() =>
      fork(child, [folder, '100', '0.01'], {
        execArgv: ['--import', 'tsx', '--conditions=@bulwark/source'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const ready = children.map((process) => once(process, 'message'));
    await Promise.all(ready);
    const results = children.map((process) => once(process, 'message'));
    const startAt = Date.now() + 200;
    for (const process of children) process.send([startAt]);
    const granted = (await Promise.all(results)).map(
      ([message]) => (message as { granted: number }).granted,
    );
    expect(granted.reduce((sum, count) => sum + count, 0)).toBe(50);
    expect(await store.usage('shared')).toMatchObject({ reservedUsd: 0.5, remainingUsd: 0 });
    await store.close();
  }, 60_000);
});
