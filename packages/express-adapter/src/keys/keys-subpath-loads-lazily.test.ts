import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const packageFolder = fileURLToPath(new URL('../..', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'bulwark-keys-lazy-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// In a fresh Node process (sources through tsx): import the subpath, ask for
// a store only if one exists (none does), then open one; report which heavy
// modules are in the module cache after each step.
const PROBE = `
import { createRequire } from 'node:module';
const cache = () => Object.keys(createRequire(import.meta.url).cache);
const loaded = () => ({
  express: cache().some((path) => /[\\\\/]node_modules[\\\\/]express[\\\\/]/.test(path)),
  sqlite: cache().some((path) => /[\\\\/]node_modules[\\\\/]better-sqlite3[\\\\/]/.test(path)),
  ioredis: cache().some((path) => /[\\\\/]node_modules[\\\\/]ioredis[\\\\/]/.test(path)),
});
const keys = await import('@bulwark/express-adapter/keys');
const afterImport = loaded();
const none = await keys.openKeyStore({ stateDir: '.bulwark', cwd: process.argv[1], onlyIfExists: true });
const afterCheck = { ...loaded(), store: none === undefined ? 'none' : 'opened' };
const store = await keys.openKeyStore({ stateDir: '.bulwark', cwd: process.argv[1] });
await store.close();
process.stdout.write(JSON.stringify({ afterImport, afterCheck, afterOpen: loaded() }));
`;

describe('@bulwark/express-adapter/keys', () => {
  it('loads neither Express, better-sqlite3 nor ioredis until a SQLite store is opened', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@bulwark/source',
        '--input-type=module',
        '--eval',
        PROBE,
        cwd,
      ],
      { cwd: packageFolder },
    );
    expect(JSON.parse(stdout)).toEqual({
      afterImport: { express: false, sqlite: false, ioredis: false },
      afterCheck: { express: false, sqlite: false, ioredis: false, store: 'none' },
      afterOpen: { express: false, sqlite: true, ioredis: false },
    });
  }, 30_000);
});
