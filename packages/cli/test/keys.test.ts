import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runBulwark, temporaryFolder } from './support/run-bulwark.js';

beforeAll(assertBuilt);

describe('bulwark keys (the built binary)', { timeout: 20_000 }, () => {
  it('creates a key printed alone on stdout, lists it as JSON, and revokes it', async () => {
    const cwd = temporaryFolder();
    const env = { BULWARK_STATE_DIR: join(cwd, 'state') };
    const created = await runBulwark(
      ['keys', 'create', '--name', 'ci', '--rpm', '60', '--models', 'gpt-4o-mini'],
      { cwd, env },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^bwk_[0-9A-Za-z]{32}\n$/);
    expect(created.stderr).toContain(join(cwd, 'state', 'bulwark.db'));

    const listed = await runBulwark(['keys', 'list', '--json'], { cwd, env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { name: 'ci', limits: { rpm: 60, models: ['gpt-4o-mini'] }, spendUsd: 0, lastUsedAt: null },
    ]);
    expect(listed.stdout + listed.stderr).not.toContain(created.stdout.trim());

    expect((await runBulwark(['keys', 'revoke', 'ci'], { cwd, env })).code).toBe(0);
    const again = await runBulwark(['keys', 'revoke', 'ci'], { cwd, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('No key named "ci" [unknown_key]');
  });

  it('lists the keys subcommands in its help', async () => {
    const help = await runBulwark(['keys', '--help']);
    expect(help.code).toBe(0);
    for (const command of ['create', 'list', 'update', 'revoke'])
      expect(help.stdout).toContain(command);
  });
});
