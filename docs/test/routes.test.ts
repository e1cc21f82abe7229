import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bulwark/core';
import { loadRoutesFile } from '@bulwark/core/routes';
import { describe, expect, it } from 'vitest';

const markdown = readFileSync(fileURLToPath(new URL('../routes.md', import.meta.url)), 'utf8');

/** The code blocks of routes.md in a language, in order. */
function blocks(language: string): string[] {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...markdown.matchAll(fence)].map((match) => match[1] ?? '');
}

const env = {
  OPENAI_API_KEY: 'sk-test.docs-routes-0123456789',
  AZURE_OPENAI_API_KEY: 'azure-docs-0123456789',
  AZURE_EAST_API_KEY: 'azure-east-docs-0123456789',
};

/** A folder with the routes file and the key file the full example names. */
function folder(name: string, content: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-docs-routes-'));
  mkdirSync(join(directory, 'secrets'));
  writeFileSync(join(directory, 'secrets', 'azure-west.key'), 'azure-west-docs-0123456789\n');
  writeFileSync(join(directory, name), content);
  return directory;
}

describe('docs/routes.md', () => {
  const files = blocks('yaml').filter((block) => block.startsWith('deployments:'));

  it('shows routes files that load, with every key resolved', () => {
    expect(files).toHaveLength(2);
    for (const file of files) {
      const cwd = folder('routes.yaml', file);
      const routes = loadRoutesFile('routes.yaml', { env, cwd });
      expect(Object.keys(routes.routes).length).toBeGreaterThan(0);
    }
  });

  it('gives the full example in JSON the same as in YAML', () => {
    const [json] = blocks('json');
    const fromYaml = loadRoutesFile('routes.yaml', {
      env,
      cwd: folder('routes.yaml', files[1] ?? ''),
    });
    const fromJson = loadRoutesFile('routes.json', { env, cwd: folder('routes.json', json ?? '') });
    expect(JSON.stringify(fromJson)).toBe(JSON.stringify(fromYaml));
    expect(fromJson.deployments['azure-west']?.apiKey.reveal()).toBe('azure-west-docs-0123456789');
  });

  it('shows the error loadConfig gives for a bad file, word for word', () => {
    const bad = (files[0] ?? '').replace(
      'deployments: [openai-main]',
      'deployments: [openai-main, azure-west]',
    );
    const cwd = folder('routes.yaml', bad);
    const shown = blocks('text').find((block) => block.startsWith('Invalid configuration:'));
    const { AZURE_OPENAI_API_KEY: _unset, ...rest } = env;
    expect(() =>
      loadConfig({ cwd, env: { ...rest, BULWARK_ROUTES_FILE: 'routes.yaml', BULWARK_RPM: '-1' } }),
    ).toThrow(shown?.trimEnd());
  });
});
