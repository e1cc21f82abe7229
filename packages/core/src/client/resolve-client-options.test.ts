import { createMockOpenAI } from '@bulwark/testing-mocks';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { configIssuesOf } from '../../test/support/config-issues.js';
import { silentLogger } from '../logging/logger.js';
import { clientOptionsSchema } from '../options/client-options-schema.js';
import { Secret } from '../security/secret.js';
import type { ClientOptions } from './client-options.js';
import { resolveClientOptions } from './resolve-client-options.js';

const { fetch } = createMockOpenAI();

/** The resolved options without the parts that are fresh objects on every call. */
function comparable(options: ClientOptions) {
  const { cache, ...rest } = resolveClientOptions(options);
  return { ...rest, cache: cache === undefined ? 'off' : 'on' };
}

const issuesOf = (options: ClientOptions) => configIssuesOf(() => resolveClientOptions(options));

describe('resolveClientOptions', () => {
  it('resolves the same defaults from createClient({}) and from loadConfig()', () => {
    const fromConfig = comparable({ ...loadConfig({ env: {} }), fetch });
    const fromCode = comparable({ fetch });
    expect(fromConfig).toEqual(fromCode);
    expect(fromCode).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4-1106-preview',
      timeoutMs: 60_000,
      upstreamConnections: 32,
      proxy: { httpProxy: undefined, httpsProxy: undefined, noProxy: undefined },
      dispatcher: undefined,
      logger: silentLogger,
      rateLimit: { rpm: 0, tpm: 0, maxWaitMs: 60_000, defaultCompletionTokens: 1024 },
      resilience: {
        retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 },
        circuitBreaker: { threshold: 5, halfOpenAfterMs: 30_000 },
        bulkhead: { maxConcurrent: 32, maxQueue: 256 },
      },
      cache: 'on',
    });
  });

  it('applies to loadConfig() exactly the defaults of the client schema', () => {
    const defaults = clientOptionsSchema.parse({});
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      baseURL: defaults.baseURL,
      model: defaults.model,
      timeoutMs: defaults.timeoutMs,
      upstreamConnections: defaults.upstreamConnections,
      retry: { maxAttempts: defaults.retry.maxAttempts },
      circuitBreaker: defaults.circuitBreaker,
      bulkhead: defaults.bulkhead,
      rateLimit: {
        rpm: defaults.rateLimit.rpm,
        tpm: defaults.rateLimit.tpm,
        maxWaitMs: defaults.rateLimit.maxWaitMs,
      },
      cache: {
        store: defaults.cache.store,
        ttlMs: defaults.cache.ttlMs,
        maxBytes: defaults.cache.maxBytes,
      },
    });
  });

  it('takes a dispatcher instead of a key, and refuses what is not one', () => {
    const dispatcher = new MockAgent();
    expect(resolveClientOptions({ dispatcher }).dispatcher).toBe(dispatcher);
    expect(issuesOf({ apiKey: 'sk-test', dispatcher: {} as MockAgent })).toEqual([
      { name: 'dispatcher', message: expect.stringContaining('Dispatcher') },
    ]);
  });

  it('requires a key without a fetch or a dispatcher', () => {
    expect(issuesOf({})).toEqual([{ name: 'apiKey', message: expect.stringContaining('API key') }]);
    expect(issuesOf({ apiKey: '' })[0]?.name).toBe('apiKey');
  });

  it('gives the proxy URLs in clear to the client, and checks them', () => {
    const proxy = resolveClientOptions({
      fetch,
      proxy: { httpsProxy: new Secret('http://user:pass@proxy.internal:3128'), noProxy: '*' },
    }).proxy;
    expect(proxy).toEqual({
      httpProxy: undefined,
      httpsProxy: 'http://user:pass@proxy.internal:3128',
      noProxy: '*',
    });
    expect(issuesOf({ fetch, proxy: { httpProxy: 'ftp://proxy' } })).toEqual([
      { name: 'proxy.httpProxy', message: 'expected an http:// or https:// URL' },
    ]);
  });

  it('bounds upstreamConnections to 1 … 1024, naming the option', () => {
    expect(resolveClientOptions({ fetch, upstreamConnections: 1024 }).upstreamConnections).toBe(
      1024,
    );
    for (const upstreamConnections of [0, 1025, 2.5]) {
      expect(issuesOf({ fetch, upstreamConnections })).toEqual([
        { name: 'upstreamConnections', message: 'expected a whole number from 1 to 1024' },
      ]);
    }
  });

  it('lists every bad option at once', () => {
    const issues = issuesOf({
      fetch,
      timeoutMs: 0,
      retry: { maxAttempts: 0 },
      rateLimit: { rpm: -1 },
      cache: { ttlMs: 0 },
      logger: {} as typeof silentLogger,
    });
    expect(issues.map((issue) => issue.name)).toEqual([
      'timeoutMs',
      'retry.maxAttempts',
      'rateLimit.rpm',
      'cache.ttlMs',
      'logger',
    ]);
  });
});
