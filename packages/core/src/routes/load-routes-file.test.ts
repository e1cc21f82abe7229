import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { loadRoutesFile, type LoadRoutesFileOptions } from './load-routes-file.js';

const OPENAI_KEY = 'sk-test.openai-0123456789';
const AZURE_KEY = 'azure-0123456789abcdef';

const EXAMPLE = `deployments:
  openai-main:
    provider: openai                 # openai | azure
    baseURL: https://api.openai.com/v1
    apiKeyEnv: OPENAI_API_KEY
    rpm: 10000
    tpm: 2000000
  azure-east:
    provider: azure
    endpoint: https://my-resource.openai.azure.com
    deployment: gpt-4-1106
    apiVersion: 2024-10-21           # unquoted: YAML 1.2 keeps it a string
    apiKeyFile: secrets/azure-key
    model: gpt-4-1106-preview
routes:
  gpt-4-1106-preview:
    deployments: [openai-main, azure-east]
    contextWindowFallbacks: [gpt-4o]
  gpt-4o:
    deployments: [openai-main]
firstChunkTimeoutMs: 15000
`;

/** An in-memory file system: absolute path → content. */
function files(entries: Record<string, string>): LoadRoutesFileOptions['readFile'] {
  return (path) => {
    const content = entries[path];
    if (content === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    }
    return content;
  };
}

function problems(path: string, options: LoadRoutesFileOptions): string[] {
  try {
    loadRoutesFile(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain(OPENAI_KEY);
    expect(message).not.toContain(AZURE_KEY);
    return (error as ConfigError).issues.map((issue) => `${issue.name}: ${issue.message}`);
  }
  throw new Error('loadRoutesFile accepted the file');
}

describe('loadRoutesFile', () => {
  const env = { OPENAI_API_KEY: ` ${OPENAI_KEY}\n` };
  const readFile = files({
    '/etc/bulwark/routes.yaml': EXAMPLE,
    '/etc/bulwark/secrets/azure-key': `${AZURE_KEY}\n`,
  });

  it('reads YAML, resolves keys from the environment and from files relative to it', () => {
    const routes = loadRoutesFile('routes.yaml', { env, readFile, cwd: '/etc/bulwark' });
    expect(routes.firstChunkTimeoutMs).toBe(15_000);
    expect(routes.deployments['openai-main']?.apiKey.reveal()).toBe(OPENAI_KEY);
    const azure = routes.deployments['azure-east'];
    expect(azure?.apiKey.reveal()).toBe(AZURE_KEY);
    expect(azure?.provider === 'azure' && azure.apiVersion).toBe('2024-10-21');
    expect(azure).not.toHaveProperty('apiKeyFile');
    expect(routes.routes['gpt-4-1106-preview']).toEqual({
      deployments: ['openai-main', 'azure-east'],
      contextWindowFallbacks: ['gpt-4o'],
    });
    expect(JSON.stringify(routes)).not.toContain(OPENAI_KEY);
  });

  it('reads JSON by its extension', () => {
    const json = JSON.stringify({
      deployments: {
        main: { provider: 'openai', baseURL: 'http://127.0.0.1:8787/v1', apiKeyEnv: 'K' },
      },
      routes: { 'gpt-4o': { deployments: ['main'] } },
    });
    const routes = loadRoutesFile('/r.json', {
      env: { K: 'key-1' },
      readFile: files({ '/r.json': json }),
    });
    expect(routes.deployments['main']?.apiKey.reveal()).toBe('key-1');
  });

  it('reads from the disk by default', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bulwark-routes-'));
    try {
      await writeFile(join(folder, 'routes.yml'), EXAMPLE);
      expect(problems(join(folder, 'routes.yml'), { env })).toEqual([
        'deployments.azure-east.apiKeyFile: cannot read the file (ENOENT)',
      ]);
      await mkdir(join(folder, 'secrets'));
      await writeFile(join(folder, 'secrets', 'azure-key'), `${AZURE_KEY}\n`);
      const routes = loadRoutesFile('routes.yml', { env, cwd: folder });
      expect(routes.deployments['azure-east']?.apiKey.reveal()).toBe(AZURE_KEY);
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  it('names a missing file and an unknown extension by the path given', () => {
    expect(problems('missing.yaml', { env, readFile, cwd: '/etc/bulwark' })).toEqual([
      'missing.yaml: cannot read the file (ENOENT)',
    ]);
    expect(problems('/r.toml', { env, readFile: files({ '/r.toml': '' }) })).toEqual([
      '/r.toml: unknown extension ".toml" (expected .yaml, .yml or .json)',
    ]);
  });

  it('gives the line and column of a YAML error without quoting the file', () => {
    const broken = `deployments:\n  main: { provider: openai, apiKey: ${OPENAI_KEY}\nroutes: {}\n`;
    const [issue, ...rest] = problems('/r.yaml', { env, readFile: files({ '/r.yaml': broken }) });
    expect(rest).toEqual([]);
    expect(issue).toMatch(/^\/r\.yaml: does not parse as YAML: line \d+, column \d+: \S/);
    const duplicate = 'routes: {}\nroutes: {}\n';
    expect(problems('/d.yaml', { env, readFile: files({ '/d.yaml': duplicate }) })).toEqual([
      '/d.yaml: does not parse as YAML: line 2, column 1: Map keys must be unique',
    ]);
  });

  it('gives the line and column of a JSON error without quoting the file', () => {
    const trailingComma = '{\n  "routes": {},\n}';
    expect(problems('/c.json', { env, readFile: files({ '/c.json': trailingComma }) })).toEqual([
      expect.stringMatching(/^\/c\.json: does not parse as JSON: line 3, column 1(: .+)?$/),
    ]);
    const bareKey = `{\n  "routes": {},\n  "key": ${OPENAI_KEY}\n}`;
    const [issue] = problems('/k.json', { env, readFile: files({ '/k.json': bareKey }) });
    expect(issue).toMatch(/^\/k\.json: does not parse as JSON/);
  });

  it('refuses a key given twice in JSON, which JSON.parse would let pass', () => {
    const twice = '{\n  "routes": {},\n  "routes": {}\n}';
    expect(problems('/t.json', { env, readFile: files({ '/t.json': twice }) })).toEqual([
      '/t.json: a key is given twice: line 3, column 3',
    ]);
  });

  it('lists schema problems and key problems together, naming the variables', () => {
    const yaml = `deployments:
  a: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: UNSET_KEY }
  b: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: EMPTY_KEY }
  c: { provider: openai, baseURL: https://api.openai.com/v1, apiKey: ${OPENAI_KEY} }
  d: { provider: openai, baseURL: https://api.openai.com/v1 }
  e: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: K, apiKeyFile: k.txt }
routes:
  gpt-4o: { deployments: [a, b, c, d, e, azure-west] }
`;
    expect(
      problems('/r.yaml', { env: { EMPTY_KEY: '  ' }, readFile: files({ '/r.yaml': yaml }) }),
    ).toEqual([
      'deployments.c.apiKey: a key never goes in the routes file: name where it is with apiKeyEnv or apiKeyFile',
      'deployments.d: apiKeyEnv or apiKeyFile is required',
      'deployments.e.apiKeyFile: set either apiKeyEnv or apiKeyFile, not both',
      'routes.gpt-4o.deployments[5]: unknown deployment "azure-west"',
      'deployments.a.apiKeyEnv: UNSET_KEY is not set',
      'deployments.b.apiKeyEnv: EMPTY_KEY is empty',
    ]);
  });

  it('refuses an empty key file and an empty routes file', () => {
    const yaml = EXAMPLE.replace('secrets/azure-key', '/keys/empty');
    expect(
      problems('/r.yaml', { env, readFile: files({ '/r.yaml': yaml, '/keys/empty': '\n' }) }),
    ).toEqual(['deployments.azure-east.apiKeyFile: the file is empty']);
    expect(problems('/e.yaml', { env, readFile: files({ '/e.yaml': '\n' }) })).toEqual([
      '/e.yaml: the file is empty',
    ]);
    expect(problems('/s.yaml', { env, readFile: files({ '/s.yaml': 'just text' }) })).toEqual([
      '/s.yaml: expected a mapping with deployments and routes',
    ]);
  });

  it('does not echo a key written where a variable name or a key file belongs', () => {
    const yaml = EXAMPLE.replace(
      'apiKeyEnv: OPENAI_API_KEY',
      'apiKeyEnv: abcdef0123456789abcdef0123456789',
    ).replace('secrets/azure-key', AZURE_KEY);
    const found = problems('/r.yaml', { env, readFile: files({ '/r.yaml': yaml }) });
    expect(found).toEqual([
      'deployments.openai-main.apiKeyEnv: the variable abc…6789 is not set',
      'deployments.azure-east.apiKeyFile: cannot read the file (ENOENT)',
    ]);
    expect(found.join('\n')).not.toContain('abcdef0123456789abcdef0123456789');
  });

  it('says to quote an apiVersion YAML reads as a number', () => {
    const yaml = EXAMPLE.replace('apiVersion: 2024-10-21', 'apiVersion: 20241021');
    expect(
      problems('/r.yaml', { env, readFile: files({ '/r.yaml': yaml, '/secrets/azure-key': 'k' }) }),
    ).toEqual([
      'deployments.azure-east.apiVersion: expected a string such as "2024-10-21" (quote it)',
    ]);
  });
});
