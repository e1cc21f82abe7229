import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteKeyStore } from './open-sqlite-key-store.js';
import type { KeyStore } from './key-store.js';

const folders: string[] = [];
const stores: KeyStore[] = [];
async function twoStores(): Promise<[KeyStore, KeyStore, string]> {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-record-cache-'));
  folders.push(folder);
  const gateway = await openSqliteKeyStore({ stateDir: folder });
  const cli = await openSqliteKeyStore({ stateDir: folder });
  stores.push(gateway, cli);
  return [gateway, cli, folder];
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('SQLite key store: records kept between lookups', () => {
  it('sees a revoke by another connection on the very next lookup', async () => {
    const [gateway, cli] = await twoStores();
    const { key } = await cli.create('billing');
    expect((await gateway.findByKey(key))?.name).toBe('billing');
    expect((await gateway.findByKey(key))?.name).toBe('billing');
    await cli.revoke('billing');
    expect(await gateway.findByKey(key)).toBeUndefined();
  });

  it('sees limits changed by another connection, and by its own update', async () => {
    const [gateway, cli] = await twoStores();
    const { key } = await cli.create('billing', { rpm: 10 });
    expect((await gateway.findByKey(key))?.limits.rpm).toBe(10);
    await cli.update('billing', { rpm: 20, models: ['gpt-4o'] });
    expect((await gateway.findByKey(key))?.limits).toMatchObject({ rpm: 20, models: ['gpt-4o'] });
    await gateway.update('billing', { rpm: 30 });
    expect((await gateway.findByKey(key))?.limits.rpm).toBe(30);
  });

  it('sees a change written by a plain SQLite connection (any writer, not only a store)', async () => {
    const [gateway, , folder] = await twoStores();
    const { key } = await gateway.create('billing');
    expect((await gateway.findByKey(key))?.limits.expiresAt).toBeNull();
    const db = new Database(join(folder, 'bulwark.db'));
    db.prepare('UPDATE keys SET expires_at = 1 WHERE name = ?').run('billing');
    db.close();
    expect((await gateway.findByKey(key))?.limits.expiresAt).toBe(1);
  });

  it("sees its own revoke and its own touch's last-used time", async () => {
    const [gateway] = await twoStores();
    const { key } = await gateway.create('billing');
    expect((await gateway.findByKey(key))?.lastUsedAt).toBeNull();
    await gateway.touch('billing');
    expect((await gateway.findByKey(key))?.lastUsedAt).toEqual(expect.any(Number));
    await gateway.revoke('billing');
    expect(await gateway.findByKey(key)).toBeUndefined();
  });

  it('keeps no record of a key that is not in the store', async () => {
    const [gateway, cli] = await twoStores();
    expect(await gateway.findByKey('bwk_not-a-key')).toBeUndefined();
    const { key } = await cli.create('billing');
    expect((await gateway.findByKey(key))?.name).toBe('billing');
  });
});
