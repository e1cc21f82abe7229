import { ConfigError } from '@bulwark/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/support/create-test-context.js';
import { loadCliConfig } from './load-cli-config.js';

describe('loadCliConfig', () => {
  it('puts flags over the environment, and the environment over .env', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bulwark-config-'));
    writeFileSync(
      join(cwd, '.env'),
      'OPENAI_API_KEY=sk-from-dotenv-123\nBULWARK_RPM=10\nBULWARK_TPM=5\n',
    );
    const { context } = createTestContext({ cwd, env: { BULWARK_RPM: '20' } });
    const config = loadCliConfig(context, { rateLimit: { rpm: 30 } });
    expect(config.apiKey?.reveal()).toBe('sk-from-dotenv-123');
    expect(config.rateLimit).toMatchObject({ rpm: 30, tpm: 5 });
    expect(loadCliConfig(context).rateLimit.rpm).toBe(20);
  });

  it('names a bad flag by its flag and a bad variable by its name', () => {
    const { context } = createTestContext({ env: { BULWARK_MAX_ATTEMPTS: 'many' } });
    let caught: unknown;
    try {
      loadCliConfig(context, { baseURL: 'http://example.com/v1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues.map((issue) => issue.name).sort()).toEqual([
      '--base-url',
      'BULWARK_MAX_ATTEMPTS',
    ]);
  });

  it('reads --routes instead of BULWARK_ROUTES_FILE, and names its problems by the flag', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bulwark-config-'));
    writeFileSync(
      join(cwd, 'routes.yaml'),
      'deployments:\n  main: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: MAIN_KEY }\nroutes:\n  gpt-4o: { deployments: [main] }\n',
    );
    const { context } = createTestContext({
      cwd,
      env: { BULWARK_ROUTES_FILE: 'missing.yaml', MAIN_KEY: 'sk-test.main-0123456789' },
    });
    expect(
      Object.keys(loadCliConfig(context, { routesFile: 'routes.yaml' }).routes?.routes ?? {}),
    ).toEqual(['gpt-4o']);
    let caught: unknown;
    try {
      loadCliConfig(context, { routesFile: 'other.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught) && caught.issues).toEqual([
      { name: '--routes', message: 'other.yaml: cannot read the file (ENOENT)' },
    ]);
  });
});
