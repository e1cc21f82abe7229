import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, killLeftovers, runBulwark, temporaryFolder } from './support/run-bulwark.js';

const OPENAI_KEY = 'sk-test.doctor-routes-0123456789';
const AZURE_KEY = 'azure-doctor-routes-0123456789';

let server: MockServer;

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer({
    deployments: {
      'openai-main': { provider: 'openai', apiKey: OPENAI_KEY },
      'azure-east': { provider: 'azure', apiKey: AZURE_KEY, deployment: 'gpt-4-1106' },
    },
  });
});
afterEach(async () => {
  await killLeftovers();
});
afterAll(async () => {
  await server.close();
});

/** A folder holding `routes.yaml` for the mock's two deployments. */
function routesFolder(name = 'routes.yaml'): string {
  const cwd = temporaryFolder();
  writeFileSync(
    join(cwd, name),
    `deployments:
  openai-main:
    provider: openai
    baseURL: ${server.deploymentURL('openai-main')}
    apiKeyEnv: MAIN_OPENAI_KEY
  azure-east:
    provider: azure
    endpoint: ${server.deploymentURL('azure-east')}
    deployment: gpt-4-1106
    apiVersion: "2024-10-21"
    apiKeyEnv: AZURE_OPENAI_API_KEY
routes:
  gpt-4-1106-preview:
    deployments: [openai-main, azure-east]
`,
  );
  return cwd;
}

const keys = { MAIN_OPENAI_KEY: OPENAI_KEY, AZURE_OPENAI_API_KEY: AZURE_KEY };

describe('bulwark doctor with routes', { timeout: 20_000 }, () => {
  it('checks every deployment, one line each, without OPENAI_API_KEY and never printing a key', async () => {
    const result = await runBulwark(['doctor'], {
      cwd: routesFolder(),
      env: { ...keys, BULWARK_ROUTES_FILE: 'routes.yaml' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ configuration: valid');
    expect(result.stdout).toContain('  API key: not set (the routes need none');
    expect(result.stdout).not.toContain('upstream:');
    expect(result.stdout).toMatch(
      /✓ deployment openai-main: key sk-…6789, http:\/\/127\.0\.0\.1:\d+\/openai-main\/v1 answered in \d+ ms \(GET \/models 200, \d+ models\)/,
    );
    expect(result.stdout).toMatch(
      /✓ deployment azure-east: key azu…6789, http:\/\/127\.0\.0\.1:\d+\/azure-east answered in \d+ ms \(GET \/openai\/models\?api-version=2024-10-21 200, \d+ models\)/,
    );
    expect(result.stdout + result.stderr).not.toContain(OPENAI_KEY);
    expect(result.stdout + result.stderr).not.toContain(AZURE_KEY);
  });

  it('exits 1 when a deployment refuses its key, naming it, with --routes over the variable', async () => {
    const result = await runBulwark(['doctor', '--routes', 'other.yaml'], {
      cwd: routesFolder('other.yaml'),
      env: {
        ...keys,
        AZURE_OPENAI_API_KEY: 'azure-wrong-key-0123456789',
        BULWARK_ROUTES_FILE: 'missing.yaml',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✓ deployment openai-main: /);
    expect(result.stdout).toMatch(
      /✗ deployment azure-east: key azu…6789, http:\/\/127\.0\.0\.1:\d+\/azure-east answered 401: the key was rejected/,
    );
    expect(result.stdout).not.toContain('azure-wrong-key-0123456789');
  });

  it('exits 2 naming the bad entry when a key variable is not set', async () => {
    const result = await runBulwark(['doctor', '--routes', 'routes.yaml'], {
      cwd: routesFolder(),
      env: { MAIN_OPENAI_KEY: OPENAI_KEY },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '✗ configuration: --routes: deployments.azure-east.apiKeyEnv: AZURE_OPENAI_API_KEY is not set',
    );
    expect(result.stdout).not.toContain('deployment openai-main');
  });

  it('still checks the default upstream when a key is set besides the routes', async () => {
    const result = await runBulwark(['doctor'], {
      cwd: routesFolder(),
      env: {
        ...keys,
        BULWARK_ROUTES_FILE: 'routes.yaml',
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: server.deploymentURL('openai-main'),
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ API key: sk-…6789');
    expect(result.stdout).toMatch(
      /✓ upstream: http:\/\/127\.0\.0\.1:\d+\/openai-main\/v1 answered/,
    );
    expect(result.stdout).toMatch(/✓ deployment azure-east: /);
  });
});
