import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteKeyStore } from '@bulwark/express-adapter/keys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/support/create-test-context.js';
import { runCli } from '../run-cli.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-cli-keys-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs `bulwark ...args` in process, in the test's folder (its store: ./.bulwark). */
async function bulwark(args: string[], env: Record<string, string> = {}) {
  const { context, stdout, stderr } = createTestContext({ cwd, env });
  const code = await runCli(args, context);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const todayUtc = () => new Date(new Date().toISOString().slice(0, 10)).toISOString();

describe('bulwark keys create', () => {
  it('prints the key alone on one stdout line, the rest on stderr, and stores it in ./.bulwark', async () => {
    const created = await bulwark(['keys', 'create', '--name', 'billing', '--budget-usd', '5']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^bwk_[0-9A-Za-z]{32}\n$/);
    expect(created.stderr).toContain('Created key "billing" (limits: $5.00/month)');
    expect(created.stderr).toContain(join(cwd, '.bulwark', 'bulwark.db'));
    expect(created.stderr).toContain('not shown again');
    expect(created.stderr).toContain('It is the first key: restart a running `bulwark serve`');
    const second = await bulwark(['keys', 'create', '--name', 'search']);
    expect(second.stderr).not.toContain('first key');
    const store = await openSqliteKeyStore({ stateDir: join(cwd, '.bulwark') });
    expect((await store.findByKey(created.stdout.trim()))?.name).toBe('billing');
    await store.close();
  });

  it('uses BULWARK_STATE_DIR when set', async () => {
    const stateDir = join(cwd, 'state');
    expect(
      (await bulwark(['keys', 'create', '--name', 'a'], { BULWARK_STATE_DIR: stateDir })).code,
    ).toBe(0);
    const listed = await bulwark(['keys', 'list', '--json'], { BULWARK_STATE_DIR: stateDir });
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    expect(JSON.parse((await bulwark(['keys', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('exits 2 for a taken name, a malformed name, a missing name and bad flags', async () => {
    await bulwark(['keys', 'create', '--name', 'billing']);
    const cases: [string[], string][] = [
      [['--name', 'billing'], 'A key named "billing" exists [key_exists]'],
      [['--name', 'bad name'], 'Invalid key name "bad name"'],
      [[], "required option '--name <name>' not specified"],
      [['--name', 'x', '--rpm', '-1'], "option '--rpm <requests>' argument '-1' is invalid"],
      [['--name', 'x', '--tpm', '1.5'], 'expected a whole number'],
      [['--name', 'x', '--budget-usd', 'lots'], 'expected dollars'],
      [['--name', 'x', '--budget-period', 'week'], 'Allowed choices are day, month, total'],
      [['--name', 'x', '--models', 'gpt-4o,,x'], 'expected model names separated by commas'],
      [['--name', 'x', '--expires', '2026-02-30'], 'expected an ISO 8601 date'],
      [
        ['--name', 'x', '--expires', '2001-01-01'],
        '--expires: 2001-01-02T00:00:00Z is in the past',
      ],
    ];
    for (const [flags, message] of cases) {
      const result = await bulwark(['keys', 'create', ...flags]);
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr, flags.join(' ')).toContain(message);
      expect(result.stdout).toBe('');
    }
    expect(JSON.parse((await bulwark(['keys', 'list', '--json'])).stdout)).toHaveLength(1);
  });

  it('exits 2 naming the state folder when it cannot be made, and for a bad configuration', async () => {
    writeFileSync(join(cwd, 'file'), '');
    const folder = await bulwark(['keys', 'create', '--name', 'a'], { BULWARK_STATE_DIR: 'file' });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`Cannot open the key store in ${join(cwd, 'file')}`);
    expect(folder.stderr).toContain('[invalid_state_dir]');
    const config = await bulwark(['keys', 'list'], { BULWARK_REDIS_URL: 'http://cache:6379' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('BULWARK_REDIS_URL: expected a redis:// or rediss:// URL');
  });

  it('exits 1 when the Redis store is unreachable, without showing its URL', async () => {
    const result = await bulwark(['keys', 'list'], {
      BULWARK_REDIS_URL: 'redis://:sk-test.secret@127.0.0.1:1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The Redis key store is unreachable');
    expect(result.stderr).toContain('[key_store_unavailable]');
    expect(result.stderr).not.toContain('sk-test.secret');
  });
});

describe('bulwark keys list', () => {
  it('prints exactly name, limits, spend, reservations, remaining, period start and last use as JSON', async () => {
    const flags = ['--rpm', '60', '--tpm', '1000', '--budget-usd', '5', '--budget-period', 'day'];
    const models = ['--models', 'gpt-4o,gpt-4o-mini', '--expires', '2099-12-31'];
    const { stdout: key } = await bulwark([
      'keys',
      'create',
      '--name',
      'billing',
      ...flags,
      ...models,
    ]);
    const listed = await bulwark(['keys', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        name: 'billing',
        limits: {
          rpm: 60,
          tpm: 1000,
          budgetUsd: 5,
          budgetPeriod: 'day',
          models: ['gpt-4o', 'gpt-4o-mini'],
          expiresAt: '2100-01-01T00:00:00.000Z',
        },
        spendUsd: 0,
        reservedUsd: 0,
        remainingUsd: 5,
        periodStart: todayUtc(),
        lastUsedAt: null,
      },
    ]);
    expect(Object.keys(JSON.parse(listed.stdout)[0])).toEqual([
      'name', 'limits', 'spendUsd', 'reservedUsd', 'remainingUsd', 'periodStart', 'lastUsedAt',
    ]); // prettier-ignore
    expect(listed.stdout).not.toContain(key.trim());
  });

  it('prints a table: name, limits, spend this period, last use; never a key', async () => {
    const { stdout: key } = await bulwark([
      'keys',
      'create',
      '--name',
      'billing',
      '--budget-usd',
      '5',
    ]);
    await bulwark(['keys', 'create', '--name', 'search', '--rpm', '60', '--models', 'gpt-4o']);
    const store = await openSqliteKeyStore({ stateDir: join(cwd, '.bulwark') });
    const outcome = await store.reserve('billing', 2, 60_000);
    if (!outcome.granted) throw new Error('expected a grant');
    await store.settle(outcome.reservation, 1.25);
    await store.reserve('billing', 0.5, 60_000);
    await store.touch('billing');
    await store.close();
    const listed = await bulwark(['keys', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +LIMITS +SPEND THIS PERIOD +LAST USED$/);
    expect(lines[1]).toMatch(
      /^billing +\$5\.00\/month +\$1\.25 of \$5\.00 \(month, \$0\.50 reserved\) +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/,
    );
    expect(lines[2]).toMatch(/^search +rpm 60, models gpt-4o +\$0\.00 \(month\) +never$/);
    expect(listed.stdout).not.toContain(key.trim());
  });

  it('says on stderr that there are no keys, with an empty stdout, and creates no store', async () => {
    const listed = await bulwark(['keys', 'list']);
    expect(listed).toMatchObject({ code: 0, stdout: '' });
    expect(listed.stderr).toContain(`No keys in ${join(cwd, '.bulwark', 'bulwark.db')}`);
    expect(await bulwark(['keys', 'list', '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('bulwark keys update and revoke', () => {
  it('updates the limits given and keeps the others; none removes one', async () => {
    await bulwark(['keys', 'create', '--name', 'billing', '--rpm', '60', '--budget-usd', '5']);
    const updated = await bulwark(['keys', 'update', 'billing', '--rpm', 'none', '--tpm', '9000']);
    expect(updated).toMatchObject({ code: 0, stdout: '' });
    expect(updated.stderr).toContain('Updated key "billing" (limits: tpm 9000, $5.00/month)');
    const [listed] = JSON.parse((await bulwark(['keys', 'list', '--json'])).stdout);
    expect(listed.limits).toMatchObject({ rpm: null, tpm: 9000, budgetUsd: 5 });
  });

  it('exits 2 with nothing to update, an unknown name or a malformed one', async () => {
    await bulwark(['keys', 'create', '--name', 'billing']);
    const nothing = await bulwark(['keys', 'update', 'billing']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Nothing to update');
    const unknown = await bulwark(['keys', 'update', 'missing', '--rpm', '5']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No key named "missing" [unknown_key]');
    const malformed = await bulwark(['keys', 'revoke', 'a/b']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('[invalid_key_name]');
  });

  it('exits 2 for update and revoke before any store exists, and creates none', async () => {
    const unknown = await bulwark(['keys', 'revoke', 'billing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No key named "billing" (no key store in');
    expect(unknown.stderr).toContain('[unknown_key]');
    const malformed = await bulwark(['keys', 'update', 'a b', '--rpm', '1']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('[invalid_key_name]');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('revokes a key: gone from the store at once; revoking again exits 2', async () => {
    const { stdout: key } = await bulwark(['keys', 'create', '--name', 'billing']);
    const revoked = await bulwark(['keys', 'revoke', 'billing']);
    expect(revoked).toMatchObject({ code: 0, stdout: '' });
    expect(revoked.stderr).toContain('Revoked key "billing"');
    const store = await openSqliteKeyStore({ stateDir: join(cwd, '.bulwark') });
    expect(await store.findByKey(key.trim())).toBeUndefined();
    await store.close();
    const again = await bulwark(['keys', 'revoke', 'billing']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('[unknown_key]');
  });

  it('shows help for bare `keys` and exits 2', async () => {
    const result = await bulwark(['keys']);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain('Usage: bulwark keys');
  });
});
