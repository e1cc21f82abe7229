import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { Secret } from '../security/secret.js';
import { parseRoutes } from './parse-routes.js';
import type { RoutesConfig } from './routes-config.js';

const KEY = 'sk-test.live-0123456789abcdef';

function valid() {
  return {
    deployments: {
      'openai-main': {
        provider: 'openai' as const,
        baseURL: 'https://api.openai.com/v1/',
        apiKey: KEY,
        organization: 'org-1',
        rpm: 10_000,
        tpm: 2_000_000,
      },
      'azure-east': {
        provider: 'azure' as const,
        endpoint: 'https://my-resource.openai.azure.com',
        deployment: 'gpt-4-1106',
        apiVersion: '2024-10-21',
        apiKey: new Secret('azure-key-123456'),
        model: 'gpt-4-1106-preview',
      },
    },
    routes: {
      'gpt-4-1106-preview': {
        deployments: ['openai-main', 'azure-east'],
        contextWindowFallbacks: ['gpt-4o'],
      },
      'gpt-4o': { deployments: ['openai-main'] },
    },
  };
}

function issuesOf(input: unknown, options?: Parameters<typeof parseRoutes>[1]) {
  try {
    parseRoutes(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.message).not.toContain(KEY);
    return configError.issues.map((issue) => `${issue.name}: ${issue.message}`);
  }
  throw new Error('parseRoutes accepted the input');
}

describe('parseRoutes', () => {
  it('accepts the resolved structure and applies the defaults', () => {
    const routes = parseRoutes(valid());
    expect(routes.firstChunkTimeoutMs).toBe(15_000);
    expect(routes.routes['gpt-4o']).toEqual({
      deployments: ['openai-main'],
      contextWindowFallbacks: [],
    });
    const main = routes.deployments['openai-main'];
    expect(main?.provider === 'openai' && main.baseURL).toBe('https://api.openai.com/v1');
    expect(main?.apiKey).toBeInstanceOf(Secret);
    expect(main?.apiKey.reveal()).toBe(KEY);
    expect(JSON.stringify(routes)).not.toContain(KEY);
    expect(routes.deployments['azure-east']?.apiKey.reveal()).toBe('azure-key-123456');
    // What parseRoutes returns is accepted where the routes option is.
    const again: RoutesConfig = routes;
    expect(parseRoutes(again)).toEqual(routes);
  });

  it('keeps an explicit firstChunkTimeoutMs and refuses a bad one', () => {
    expect(parseRoutes({ ...valid(), firstChunkTimeoutMs: 500 }).firstChunkTimeoutMs).toBe(500);
    expect(issuesOf({ ...valid(), firstChunkTimeoutMs: 0 })).toEqual([
      'firstChunkTimeoutMs: expected a whole number of milliseconds > 0',
    ]);
  });

  it('names an unknown deployment by its place in the route', () => {
    const input = valid();
    input.routes['gpt-4o'].deployments = ['openai-main', 'azure-west'];
    expect(issuesOf(input)).toEqual([
      'routes.gpt-4o.deployments[1]: unknown deployment "azure-west"',
    ]);
  });

  it('lists every problem at once, one per bad entry', () => {
    const input = {
      deployments: {
        a: { provider: 'gcp', apiKey: KEY },
        k: { provider: KEY.repeat(2), apiKey: KEY },
        b: { provider: 'openai', baseURL: 'http://example.com/v1', apiKey: KEY, rpm: 1.5 },
        c: { provider: 'azure', endpoint: 'https://x.openai.azure.com', apiKey: KEY },
      },
      routes: {
        r: { deployments: ['b', 'b', 'nope'], contextWindowFallbacks: ['r', 'missing'] },
        empty: { deployments: [] },
      },
      extra: true,
    };
    expect(issuesOf(input)).toEqual([
      'deployments.a.provider: unknown provider "gcp" (expected openai or azure)',
      'deployments.k.provider: unknown provider (expected openai or azure)',
      'deployments.b.baseURL: must use https: unless the host is loopback',
      'deployments.b.rpm: expected a whole number ≥ 0',
      'deployments.c.deployment: required',
      'deployments.c.apiVersion: required',
      'routes.empty.deployments: list at least one deployment',
      'extra: unknown field',
      'routes.r.deployments[1]: "b" is listed twice',
      'routes.r.deployments[2]: unknown deployment "nope"',
      'routes.r.contextWindowFallbacks[0]: a route cannot fall back to itself',
      'routes.r.contextWindowFallbacks[1]: unknown route "missing"',
    ]);
  });

  it('finds cycles of context-window fallbacks, once each', () => {
    const input = {
      deployments: valid().deployments,
      routes: {
        a: { deployments: ['openai-main'], contextWindowFallbacks: ['b'] },
        b: { deployments: ['openai-main'], contextWindowFallbacks: ['c'] },
        c: { deployments: ['openai-main'], contextWindowFallbacks: ['a'] },
        d: { deployments: ['openai-main'], contextWindowFallbacks: ['a', 'a'] },
      },
    };
    expect(issuesOf(input)).toEqual([
      'routes.d.contextWindowFallbacks[1]: "a" is listed twice',
      'routes.c.contextWindowFallbacks[0]: falling back to "a" makes a cycle (a → b → c → a)',
    ]);
  });

  it('accepts a chain of fallbacks without a cycle', () => {
    const input = {
      deployments: valid().deployments,
      routes: {
        a: { deployments: ['openai-main'], contextWindowFallbacks: ['b', 'c'] },
        b: { deployments: ['openai-main'], contextWindowFallbacks: ['c'] },
        c: { deployments: ['openai-main'] },
      },
    };
    expect(parseRoutes(input).routes['a']?.contextWindowFallbacks).toEqual(['b', 'c']);
  });

  it('asks for the key itself, not its source, and never prints a key', () => {
    const input = valid();
    const { apiKey: _key, ...rest } = input.deployments['openai-main'];
    const withSource = {
      ...input,
      deployments: { ...input.deployments, 'openai-main': { ...rest, apiKeyEnv: 'X' } },
    };
    expect(issuesOf(withSource)).toEqual([
      'deployments.openai-main.apiKey: required',
      'deployments.openai-main.apiKeyEnv: give the key itself as apiKey (loadRoutesFile resolves apiKeyEnv and apiKeyFile)',
    ]);
    const blank = {
      ...input,
      deployments: { ...input.deployments, 'openai-main': { ...rest, apiKey: new Secret(' ') } },
    };
    expect(issuesOf(blank)).toEqual(['deployments.openai-main.apiKey: must not be empty']);
  });

  it('refuses an apiVersion that is not a version string', () => {
    const input = valid();
    const azure = { ...input.deployments['azure-east'], apiVersion: 20241021 };
    expect(
      issuesOf({ ...input, deployments: { ...input.deployments, 'azure-east': azure } }),
    ).toEqual([
      'deployments.azure-east.apiVersion: expected a string such as "2024-10-21" (quote it)',
    ]);
    const preview = { ...input.deployments['azure-east'], apiVersion: '2025-04-01-preview' };
    expect(() =>
      parseRoutes({ ...input, deployments: { ...input.deployments, 'azure-east': preview } }),
    ).not.toThrow();
  });

  it('quotes dotted names, puts the prefix before every path and names the root', () => {
    const input = {
      deployments: valid().deployments,
      routes: { 'gpt-4.1': { deployments: ['x'] } },
    };
    expect(issuesOf(input, { prefix: 'routes.' })).toEqual([
      'routes.routes["gpt-4.1"].deployments[0]: unknown deployment "x"',
    ]);
    expect(issuesOf('nope', { prefix: 'routes.' })).toEqual([
      'routes: expected a mapping with deployments and routes',
    ]);
    expect(issuesOf({ deployments: {}, routes: {} })).toEqual([
      'routes: declare at least one route',
    ]);
  });

  it('uses the given lead-in', () => {
    expect(() => parseRoutes({}, { message: 'Invalid option routes' })).toThrow(
      /^Invalid option routes:\n- deployments: required\n- routes: required$/,
    );
  });
});
