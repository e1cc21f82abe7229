import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { loadConfig } from './load-config.js';

const KEY = 'sk-proj.abcdefghijklmnopqrstuvwxyz0123456789abcd';

function folder(files: Record<string, string> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-config-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(directory, name), content);
  return directory;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ env: {}, cwd: folder() });
    expect(config.apiKey).toBeUndefined();
    expect(config.redis.url).toBeUndefined();
    expect(config).toMatchObject({
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4-1106-preview',
      timeoutMs: 60_000,
      retry: { maxAttempts: 4 },
      circuitBreaker: { threshold: 5, halfOpenAfterMs: 30_000 },
      bulkhead: { maxConcurrent: 32, maxQueue: 256 },
      rateLimit: { rpm: 0, tpm: 0, maxWaitMs: 60_000 },
      cache: { store: 'memory', ttlMs: 3_600_000, maxBytes: 67_108_864 },
      upstreamConnections: 32,
      proxy: {},
      gateway: { host: '127.0.0.1', port: 8787, apiKeys: [], logPrompts: false },
      callerRpm: 0,
      stateDir: './.bulwark',
      logLevel: 'info',
    });
  });

  it('parses every variable into the client options shape', () => {
    const config = loadConfig({
      cwd: folder(),
      env: {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1',
        OPENAI_ORG_ID: 'org-1',
        OPENAI_PROJECT_ID: 'proj-1',
        BULWARK_MODEL: 'gpt-4o',
        BULWARK_TIMEOUT_MS: '1000',
        BULWARK_MAX_ATTEMPTS: '2',
        BULWARK_MAX_CONCURRENCY: '3',
        BULWARK_MAX_QUEUE: '0',
        BULWARK_BREAKER_THRESHOLD: '7',
        BULWARK_BREAKER_HALF_OPEN_MS: '500',
        BULWARK_RPM: '60',
        BULWARK_TPM: '9000',
        BULWARK_RATE_MAX_WAIT_MS: '10',
        BULWARK_CACHE: 'redis',
        BULWARK_CACHE_TTL_MS: '5',
        BULWARK_CACHE_MAX_BYTES: '1024',
        BULWARK_REDIS_URL: 'redis://:hunter2-password@cache:6379',
        BULWARK_API_KEYS: 'alpha-key-0001, beta-key-00002 ,',
        BULWARK_HOST: '0.0.0.0',
        BULWARK_PORT: '8080',
        BULWARK_LOG_LEVEL: 'debug',
        BULWARK_LOG_PROMPTS: 'true',
      },
    });
    expect(config.apiKey?.reveal()).toBe(KEY);
    expect(config).toMatchObject({
      baseURL: 'http://127.0.0.1:9999/v1',
      organization: 'org-1',
      project: 'proj-1',
      model: 'gpt-4o',
      timeoutMs: 1000,
      retry: { maxAttempts: 2 },
      circuitBreaker: { threshold: 7, halfOpenAfterMs: 500 },
      bulkhead: { maxConcurrent: 3, maxQueue: 0 },
      rateLimit: { rpm: 60, tpm: 9000, maxWaitMs: 10 },
      cache: { store: 'redis', ttlMs: 5, maxBytes: 1024 },
      gateway: { host: '0.0.0.0', port: 8080, logPrompts: true },
      logLevel: 'debug',
    });
    expect(config.redis.url?.reveal()).toBe('redis://:hunter2-password@cache:6379');
    expect(config.gateway.apiKeys.map((key) => key.reveal())).toEqual([
      'alpha-key-0001',
      'beta-key-00002',
    ]);
  });

  it('lists every bad variable by name in one ConfigError', () => {
    const error = configError(() =>
      loadConfig({
        cwd: folder(),
        env: {
          BULWARK_RPM: 'fast',
          BULWARK_PORT: '70000',
          BULWARK_CACHE: 'disk',
          BULWARK_MAX_ATTEMPTS: '0',
          OPENAI_BASE_URL: 'http://api.example.com/v1',
          BULWARK_LOG_LEVEL: 'loud',
          BULWARK_LOG_PROMPTS: 'yes',
        },
      }),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.issues.map((issue) => issue.name).sort()).toEqual([
      'BULWARK_CACHE',
      'BULWARK_LOG_LEVEL',
      'BULWARK_LOG_PROMPTS',
      'BULWARK_MAX_ATTEMPTS',
      'BULWARK_PORT',
      'BULWARK_RPM',
      'OPENAI_BASE_URL',
    ]);
    expect(error.message).toContain(
      '- OPENAI_BASE_URL: must use https: unless the host is loopback',
    );
    expect(error.message).toContain('- BULWARK_RPM: expected a whole number ≥ 0');
  });

  it.each(['http://localhost:8787/v1', 'http://127.8.0.1/v1', 'http://[::1]:8080/v1'])(
    'accepts a plain-http loopback base URL (%s)',
    (baseURL) => {
      expect(loadConfig({ env: { OPENAI_BASE_URL: baseURL }, cwd: folder() }).baseURL).toBe(
        baseURL,
      );
    },
  );

  it('requires BULWARK_REDIS_URL with BULWARK_CACHE=redis, naming the variable', () => {
    const error = configError(() => loadConfig({ env: { BULWARK_CACHE: 'redis' }, cwd: folder() }));
    expect(error.issues).toEqual([
      { name: 'BULWARK_REDIS_URL', message: expect.stringContaining('BULWARK_CACHE=redis') },
    ]);
    const overridden = configError(() =>
      loadConfig({ env: {}, cwd: folder(), overrides: { cache: { store: 'redis' } } }),
    );
    expect(overridden.issues[0]?.name).toBe('BULWARK_REDIS_URL');
  });

  it('reads the key from OPENAI_API_KEY_FILE relative to cwd', () => {
    const cwd = folder({ 'key.txt': `${KEY}\n` });
    expect(loadConfig({ env: { OPENAI_API_KEY_FILE: 'key.txt' }, cwd }).apiKey?.reveal()).toBe(KEY);
  });

  it('refuses a missing key file and a key given twice', () => {
    const missing = configError(() =>
      loadConfig({ env: { OPENAI_API_KEY_FILE: 'nope.txt' }, cwd: folder() }),
    );
    expect(missing.issues).toEqual([
      { name: 'OPENAI_API_KEY_FILE', message: 'cannot read the file (ENOENT)' },
    ]);
    const twice = configError(() =>
      loadConfig({ env: { OPENAI_API_KEY: KEY, OPENAI_API_KEY_FILE: 'key' }, cwd: folder() }),
    );
    expect(twice.issues[0]?.name).toBe('OPENAI_API_KEY_FILE');
  });

  it('reads .env only when asked, below the environment and the overrides', () => {
    const cwd = folder({ '.env': 'BULWARK_RPM=10\nBULWARK_TPM=20\nBULWARK_MODEL=gpt-4\n' });
    expect(loadConfig({ env: {}, cwd }).rateLimit.rpm).toBe(0);
    const config = loadConfig({
      env: { BULWARK_TPM: '30', BULWARK_MODEL: 'gpt-4o' },
      cwd,
      dotenv: true,
      overrides: { model: 'gpt-4o-mini', rateLimit: { maxWaitMs: 5 } },
    });
    expect(config.rateLimit).toEqual({ rpm: 10, tpm: 30, maxWaitMs: 5 });
    expect(config.model).toBe('gpt-4o-mini');
  });

  it('ignores a missing .env file', () => {
    expect(loadConfig({ env: {}, cwd: folder(), dotenv: true }).rateLimit.rpm).toBe(0);
  });

  it('validates overrides and names them by path', () => {
    const error = configError(() =>
      loadConfig({
        env: {},
        cwd: folder(),
        overrides: { rateLimit: { rpm: -1 }, baseURL: 'ftp://x', gateway: { port: 0 } },
      }),
    );
    expect(error.issues.map((issue) => issue.name).sort()).toEqual([
      'overrides.baseURL',
      'overrides.gateway.port',
      'overrides.rateLimit.rpm',
    ]);
  });

  it('masks the key and other secrets in String, JSON and util.inspect', () => {
    const config = loadConfig({
      cwd: folder(),
      env: {
        OPENAI_API_KEY: KEY,
        BULWARK_REDIS_URL: 'redis://:hunter2-password@cache:6379',
        BULWARK_API_KEYS: 'gateway-secret-1234',
      },
    });
    const views = [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.apiKey),
      `${config.apiKey}`,
    ];
    for (const view of views) {
      expect(view).not.toContain(KEY);
      expect(view).not.toContain('hunter2-password');
      expect(view).not.toContain('gateway-secret-1234');
    }
    expect(JSON.parse(views[0] ?? '{}')).toMatchObject({ apiKey: 'sk-…abcd' });
    expect(views[1]).toContain('Secret(sk-…abcd)');
  });

  it('takes a key override as a string and keeps it masked', () => {
    const config = loadConfig({ env: {}, cwd: folder(), overrides: { apiKey: KEY } });
    expect(config.apiKey?.reveal()).toBe(KEY);
    expect(JSON.stringify(config)).not.toContain(KEY);
  });
});
