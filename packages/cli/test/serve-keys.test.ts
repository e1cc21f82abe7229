import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
  temporaryFolder,
  TEST_KEY,
} from './support/run-bulwark.js';

beforeAll(assertBuilt);
afterEach(killLeftovers);

describe('bulwark serve with gateway keys (built binary)', { timeout: 30_000 }, () => {
  it('enforces the store keys beside BULWARK_API_KEYS, and a revoke at once', async () => {
    const cwd = temporaryFolder();
    const env = { BULWARK_STATE_DIR: join(cwd, 'state'), BULWARK_API_KEYS: TEST_KEY };
    const created = await runBulwark(
      ['keys', 'create', '--name', 'ci', '--models', 'gpt-4o-mini', '--budget-usd', '1'],
      { cwd, env },
    );
    const key = created.stdout.trim();
    const port = await freePort();
    const serve = startBulwark(['serve', '--port', String(port)], { cwd, env });
    await expect.poll(() => serve.stdout(), { timeout: 10_000 }).toContain('listening on');
    expect(serve.stdout()).toContain(`Gateway keys: 1 in the key store in ${join(cwd, 'state')}`);

    const base = `http://127.0.0.1:${port}/v1`;
    const chat = (bearer: string | undefined, model = 'gpt-4o-mini') =>
      fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await chat(undefined)).status).toBe(401);
    expect((await chat(key)).status).toBe(200);
    expect((await chat(key, 'gpt-4o')).status).toBe(403);
    expect((await chat(TEST_KEY, 'gpt-4o')).status).toBe(200);
    const report = (await (
      await fetch(`${base}/bulwark/key`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { name: string; spendUsd: number };
    expect(report.name).toBe('ci');
    expect(report.spendUsd).toBeGreaterThan(0);

    expect((await runBulwark(['keys', 'revoke', 'ci'], { cwd, env })).code).toBe(0);
    expect((await chat(key)).status).toBe(401);

    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(serve.stdout() + serve.stderr()).not.toContain(key);
  });

  it('refuses to start on a key store file that is not a database, with exit code 2', async () => {
    const cwd = temporaryFolder();
    mkdirSync(join(cwd, 'state'));
    writeFileSync(join(cwd, 'state', 'bulwark.db'), 'not a database, just text '.repeat(100));
    const serve = startBulwark(['serve', '--port', String(await freePort())], {
      cwd,
      env: { BULWARK_STATE_DIR: join(cwd, 'state') },
    });
    expect((await serve.exited).code).toBe(2);
    expect(serve.stderr()).toMatch(/Cannot open the key store in .*state.* \[invalid_state_dir\]/);
  });

  it('stays open on loopback when the store has no keys', async () => {
    const cwd = temporaryFolder();
    const env = { BULWARK_STATE_DIR: join(cwd, 'state') };
    await runBulwark(['keys', 'create', '--name', 'gone'], { cwd, env });
    await runBulwark(['keys', 'revoke', 'gone'], { cwd, env });
    const port = await freePort();
    const serve = startBulwark(['serve', '--port', String(port)], { cwd, env });
    await expect.poll(() => serve.stdout(), { timeout: 10_000 }).toContain('listening on');
    expect(serve.stdout()).not.toContain('Gateway keys');
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`);
    expect(models.status).toBe(200);
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });
});
