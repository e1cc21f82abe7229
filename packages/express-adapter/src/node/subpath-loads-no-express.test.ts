import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageFolder = fileURLToPath(new URL('../..', import.meta.url));

// Imports an entry of the package in a fresh Node process (sources through
// tsx) and reports whether Express ended up in the module cache.
const PROBE = `
import { createRequire } from 'node:module';
const entry = await import(process.argv[1]);
const cache = Object.keys(createRequire(import.meta.url).cache);
const express = cache.some((path) => /[\\\\/]node_modules[\\\\/]express[\\\\/]/.test(path));
process.stdout.write(JSON.stringify({ exports: Object.keys(entry), express }));
`;

async function probe(specifier: string): Promise<{ exports: string[]; express: boolean }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@bulwark/source',
      '--input-type=module',
      '--eval',
      PROBE,
      specifier,
    ],
    { cwd: packageFolder },
  );
  return JSON.parse(stdout) as { exports: string[]; express: boolean };
}

describe('@bulwark/express-adapter/node', () => {
  it('exports the handler without loading Express', async () => {
    const node = await probe('@bulwark/express-adapter/node');
    expect(node.exports).toEqual(
      expect.arrayContaining(['createGatewayHandler', 'createNodeGateway', 'listenGateway']),
    );
    expect(node.express).toBe(false);
  }, 30_000);

  it('is told apart from the root entry, which does load Express', async () => {
    const root = await probe('@bulwark/express-adapter');
    expect(root.exports).toContain('createGatewayRouter');
    expect(root.express).toBe(true);
  }, 30_000);
});
