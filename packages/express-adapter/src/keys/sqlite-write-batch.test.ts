import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf } from '../../test/keys/key-store-contract.js';
import { openSqliteKeyStore } from './open-sqlite-key-store.js';

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
});
