import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configIssuesOf as issuesOf } from '../../test/support/config-issues.js';
import { createClient } from '../client/create-client.js';
import { resolveClientOptions } from '../client/resolve-client-options.js';
import { ConfigError } from '../errors/errors.js';
import { isSecret } from '../security/secret.js';
import { loadConfig } from './load-config.js';

const OPENAI_KEY = 'sk-test.routes-openai-0123456789';
const AZURE_KEY = 'azure-routes-0123456789abcdef';

const ROUTES = `deployments:
  openai-main:
    provider: openai
    baseURL: https://api.openai.com/v1
    apiKeyEnv: OPENAI_API_KEY
    rpm: 10000
  azure-east:
    provider: azure
    endpoint: https://my-resource.openai.azure.com
    deployment: gpt-4-1106
    apiVersion: "2024-10-21"
    apiKeyEnv: AZURE_OPENAI_API_KEY
routes:
  gpt-4-1106-preview:
    deployments: [openai-main, azure-east]
`;

const OTHER_ROUTES = `deployments:
  local:
    provider: openai
    baseURL: http://127.0.0.1:9999/v1
    apiKeyFile: local.key
routes:
  gpt-4o:
    deployments: [local]
`;

function folder(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-config-routes-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(directory, name), content);
  }
  return directory;
}

const keys = { OPENAI_API_KEY: OPENAI_KEY, AZURE_OPENAI_API_KEY: AZURE_KEY };

describe('loadConfig: BULWARK_ROUTES_FILE', () => {
  it('reads the file relative to cwd into routes, with the keys as Secrets', () => {
    const cwd = folder({ 'routes.yaml': ROUTES });
    const config = loadConfig({ cwd, env: { ...keys, BULWARK_ROUTES_FILE: ' routes.yaml ' } });
    const routes = config.routes as Exclude<typeof config.routes, undefined>;
    expect(Object.keys(routes.deployments)).toEqual(['openai-main', 'azure-east']);
    expect(routes.routes['gpt-4-1106-preview']?.deployments).toEqual(['openai-main', 'azure-east']);
    const azure = routes.deployments['azure-east'];
    expect(isSecret(azure?.apiKey) && azure.apiKey.reveal()).toBe(AZURE_KEY);
    expect(JSON.stringify(config)).not.toContain(AZURE_KEY);
    // The top-level key is read as before: the routes file does not take it.
    expect(config.apiKey?.reveal()).toBe(OPENAI_KEY);
  });

  it('goes through createClient(loadConfig()), which then needs no OPENAI_API_KEY', async () => {
    const cwd = folder({ 'other.yaml': OTHER_ROUTES, 'local.key': 'sk-test.local-0123456789\n' });
    const config = loadConfig({ cwd, env: { BULWARK_ROUTES_FILE: 'other.yaml' } });
    expect(config.apiKey).toBeUndefined();
    expect(resolveClientOptions(config).routes?.routes).toEqual({
      'gpt-4o': { deployments: ['local'], contextWindowFallbacks: [] },
    });
    const client = createClient(config);
    await client.close();
  });

  it('reads the key variables from .env too, as the rest of the configuration', () => {
    const cwd = folder({
      'routes.yaml': ROUTES,
      '.env': `BULWARK_ROUTES_FILE=routes.yaml\nAZURE_OPENAI_API_KEY=${AZURE_KEY}\n`,
    });
    const config = loadConfig({ cwd, dotenv: true, env: { OPENAI_API_KEY: OPENAI_KEY } });
    expect(config.routes?.deployments['azure-east']).toBeDefined();
  });

  it('has no routes when the variable is unset or blank', () => {
    expect(loadConfig({ env: {}, cwd: folder() }).routes).toBeUndefined();
    expect(loadConfig({ env: { BULWARK_ROUTES_FILE: ' ' }, cwd: folder() }).routes).toBeUndefined();
  });

  it('names each bad entry after the variable, with the other bad variables, never the key', () => {
    const cwd = folder({
      'routes.yaml': ROUTES.replace('[openai-main, azure-east]', '[azure-west]'),
    });
    const run = () =>
      loadConfig({
        cwd,
        env: { OPENAI_API_KEY: OPENAI_KEY, BULWARK_ROUTES_FILE: 'routes.yaml', BULWARK_RPM: '-1' },
      });
    expect(issuesOf(run)).toEqual([
      {
        name: 'BULWARK_ROUTES_FILE',
        message: 'routes.gpt-4-1106-preview.deployments[0]: unknown deployment "azure-west"',
      },
      {
        name: 'BULWARK_ROUTES_FILE',
        message: 'deployments.azure-east.apiKeyEnv: AZURE_OPENAI_API_KEY is not set',
      },
      { name: 'BULWARK_RPM', message: expect.any(String) },
    ]);
    expect(() => run()).toThrow(
      '- BULWARK_ROUTES_FILE: deployments.azure-east.apiKeyEnv: AZURE_OPENAI_API_KEY is not set',
    );
    const error = issuesOf(run);
    expect(JSON.stringify(error)).not.toContain(OPENAI_KEY);
  });

  it('names a missing file by its path', () => {
    const run = () => loadConfig({ cwd: folder(), env: { BULWARK_ROUTES_FILE: 'routes.yaml' } });
    expect(issuesOf(run)).toEqual([
      { name: 'BULWARK_ROUTES_FILE', message: 'routes.yaml: cannot read the file (ENOENT)' },
    ]);
  });
});

describe('loadConfig: the routesFile override', () => {
  it('reads its file instead of the one the variable names', () => {
    const cwd = folder({ 'routes.yaml': ROUTES, 'other.yaml': OTHER_ROUTES, 'local.key': 'k\n' });
    const config = loadConfig({
      cwd,
      env: { BULWARK_ROUTES_FILE: 'routes.yaml' },
      overrides: { routesFile: 'other.yaml' },
    });
    expect(Object.keys(config.routes?.deployments ?? {})).toEqual(['local']);
    expect('routesFile' in config).toBe(false);
  });

  it('names its problems after the override', () => {
    const run = () => loadConfig({ cwd: folder(), env: {}, overrides: { routesFile: 'r.json' } });
    expect(issuesOf(run)).toEqual([
      { name: 'overrides.routesFile', message: 'r.json: cannot read the file (ENOENT)' },
    ]);
    expect(issuesOf(() => loadConfig({ env: {}, overrides: { routesFile: ' ' } }))).toEqual([
      { name: 'overrides.routesFile', message: 'expected a file path' },
    ]);
  });

  it('refuses routes and routesFile together, and reads no file when routes are given', () => {
    const routes = { deployments: {}, routes: {} };
    expect(
      issuesOf(() => loadConfig({ env: {}, overrides: { routes, routesFile: 'routes.yaml' } })),
    ).toEqual([
      { name: 'overrides.routesFile', message: 'set either routes or routesFile, not both' },
    ]);
    // The variable names a file that does not exist: it is not read.
    const config = loadConfig({
      cwd: folder(),
      env: { BULWARK_ROUTES_FILE: 'missing.yaml' },
      overrides: { routes },
    });
    expect(config.routes).toBe(routes);
  });

  it('is an error of the ConfigError kind, for the CLI to exit 2', () => {
    let caught: unknown;
    try {
      loadConfig({ cwd: folder(), env: { BULWARK_ROUTES_FILE: 'nope.yaml' } });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
  });
});
