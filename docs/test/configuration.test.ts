import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
// Core's variable table is internal; the docs check reads it to prove completeness.
import { ENVIRONMENT_VARIABLES as CORE_VARIABLES } from '../../packages/core/src/config/environment-variables.js';
import {
  ENVIRONMENT_VARIABLES,
  fillGeneratedSections,
  valueAt,
} from '../scripts/configuration-reference.js';

const page = fileURLToPath(new URL('../configuration.md', import.meta.url));

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  if (value.constructor !== Object) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    leafPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function reveal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === 'object' && value !== null && 'reveal' in value) {
    return (value as { reveal(): string }).reveal();
  }
  return value;
}

describe('docs/configuration.md', () => {
  it('matches the tables generated from the code (run `pnpm --filter @bulwark/docs generate`)', async () => {
    const markdown = readFileSync(page, 'utf8');
    expect(await fillGeneratedSections(markdown, page)).toBe(markdown);
  });

  it('documents exactly the variables core’s config loader reads, each at its field', () => {
    const documented = ENVIRONMENT_VARIABLES.map((variable) => [variable.name, variable.path]);
    const read = CORE_VARIABLES.map((variable) => [variable.name, variable.path.join('.')]);
    expect(documented.sort()).toEqual(read.sort());
  });

  it('maps every variable to the config field it documents', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-docs-'));
    writeFileSync(join(folder, 'key.txt'), 'sk-from-file\n');
    writeFileSync(
      join(folder, 'routes.yaml'),
      'deployments:\n  main: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyFile: key.txt }\nroutes:\n  gpt-4o: { deployments: [main] }\n',
    );
    writeFileSync(join(folder, 'models.yaml'), 'gpt-4o: { inputCostPer1K: 0.002 }\n');
    // The variables that name files get one written here.
    const files: Record<string, string> = {
      OPENAI_API_KEY_FILE: 'key.txt',
      BULWARK_ROUTES_FILE: 'routes.yaml',
      BULWARK_MODELS_FILE: 'models.yaml',
    };
    for (const variable of ENVIRONMENT_VARIABLES) {
      const sample = files[variable.name] ?? variable.sample;
      const env = { [variable.name]: sample };
      const before = reveal(valueAt(loadConfig({ env: {}, cwd: folder }), variable.path));
      const after = reveal(valueAt(loadConfig({ env, cwd: folder }), variable.path));
      expect(after, variable.name).not.toEqual(before);
    }
  });

  it('gives every field of the loaded configuration a variable', () => {
    const fields = leafPaths(loadConfig({ env: {} }));
    const documented = new Set(ENVIRONMENT_VARIABLES.map((variable) => variable.path));
    expect(fields.filter((field) => !documented.has(field))).toEqual([]);
  });
});
