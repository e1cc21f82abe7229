import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import {
  assertBuilt,
  killLeftovers,
  startBulwark,
  temporaryFolder,
} from './support/run-bulwark.js';

beforeAll(assertBuilt);
afterEach(killLeftovers);

const MAIN_KEY = 'sk-test.serve-routes-0123456789';

const ROUTES = `deployments:
  openai-main:
    provider: openai
    baseURL: http://127.0.0.1:9/v1
    apiKeyEnv: MAIN_OPENAI_KEY
  azure-east:
    provider: azure
    endpoint: https://my-resource.openai.azure.com
    deployment: gpt-4-1106
    apiVersion: "2024-10-21"
    apiKeyFile: azure.key
routes:
  gpt-4-1106-preview:
    deployments: [openai-main, azure-east]
`;

/** A working folder with the given files. */
function folder(files: Record<string, string>): string {
  const cwd = temporaryFolder();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(cwd, name), content);
  return cwd;
}

describe('bulwark serve with routes (built binary)', { timeout: 20_000 }, () => {
  it('exits 2 before listening, naming every bad entry of the --routes file', async () => {
    const bad = ROUTES.replace('provider: openai', 'provider: openia').replace(
      '[openai-main, azure-east]',
      '[openai-main, azure-west]',
    );
    const serve = startBulwark(['serve', '--routes', 'routes.yaml', '--port', '0'], {
      cwd: folder({ 'routes.yaml': bad }),
    });
    expect((await serve.exited).code).toBe(2);
    const stderr = serve.stderr();
    expect(stderr).toContain(
      '--routes: deployments.openai-main.provider: unknown provider "openia" (expected openai or azure)',
    );
    expect(stderr).toContain(
      '--routes: routes.gpt-4-1106-preview.deployments[1]: unknown deployment "azure-west"',
    );
    expect(stderr).toContain(
      '--routes: deployments.openai-main.apiKeyEnv: MAIN_OPENAI_KEY is not set',
    );
    expect(stderr).toContain(
      '--routes: deployments.azure-east.apiKeyFile: cannot read the file (ENOENT)',
    );
    expect(stderr).toContain('[invalid_config]');
    expect(serve.stdout()).not.toContain('listening');
  });

  it('exits 2 naming BULWARK_ROUTES_FILE when the file it names does not parse', async () => {
    const serve = startBulwark(['serve', '--port', '0'], {
      cwd: folder({ 'routes.yaml': 'deployments: [\n' }),
      env: { BULWARK_ROUTES_FILE: 'routes.yaml' },
    });
    expect((await serve.exited).code).toBe(2);
    expect(serve.stderr()).toMatch(
      /BULWARK_ROUTES_FILE: routes\.yaml: does not parse as YAML: line \d+/,
    );
    expect(serve.stdout()).not.toContain('listening');
  });

  it('serves the routes without OPENAI_API_KEY and without the built-in mock', async () => {
    const port = await freePort();
    const serve = startBulwark(['serve', '--port', String(port)], {
      cwd: folder({ 'routes.yaml': ROUTES, 'azure.key': 'azure-serve-0123456789\n' }),
      env: { BULWARK_ROUTES_FILE: 'routes.yaml', MAIN_OPENAI_KEY: MAIN_KEY },
    });
    await expect.poll(() => serve.stdout(), { timeout: 10_000 }).toContain('listening on');
    expect(serve.stdout()).toContain('Using 1 route over 2 deployments (openai-main, azure-east)');
    expect(serve.stdout()).not.toContain('mock');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    expect(serve.stdout() + serve.stderr()).not.toContain(MAIN_KEY);
    expect(serve.stdout() + serve.stderr()).not.toContain('azure-serve-0123456789');
  });
});
