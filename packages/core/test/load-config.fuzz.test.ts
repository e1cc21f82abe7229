// Property-based fuzzing of `loadConfig` with fast-check: any value of any
// variable either loads or fails with a `ConfigError` whose message names the
// variable, never with another exception and never with the key in it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';

const FUZZ = { seed: 20261126, numRuns: 300, endOnFailure: true } as const;
const KEY = 'sk-fuzz.config-secret-0123456789';

const VARIABLES = [
  'OPENAI_API_KEY',
  'OPENAI_API_KEY_FILE',
  'OPENAI_BASE_URL',
  'OPENAI_ORG_ID',
  'OPENAI_PROJECT_ID',
  'BULWARK_ROUTES_FILE',
  'BULWARK_MODEL',
  'BULWARK_TIMEOUT_MS',
  'BULWARK_MAX_ATTEMPTS',
  'BULWARK_MAX_CONCURRENCY',
  'BULWARK_MAX_QUEUE',
  'BULWARK_BREAKER_THRESHOLD',
  'BULWARK_BREAKER_HALF_OPEN_MS',
  'BULWARK_RPM',
  'BULWARK_TPM',
  'BULWARK_RATE_MAX_WAIT_MS',
  'BULWARK_CACHE',
  'BULWARK_CACHE_TTL_MS',
  'BULWARK_CACHE_MAX_BYTES',
  'BULWARK_UPSTREAM_CONNECTIONS',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'NO_PROXY',
  'BULWARK_REDIS_URL',
  'BULWARK_API_KEYS',
  'BULWARK_CALLER_RPM',
  'BULWARK_LOG_PROMPTS',
  'BULWARK_HOST',
  'BULWARK_PORT',
  'BULWARK_LOG_LEVEL',
] as const;

/** Values near what the variables expect, and plain garbage. */
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    'Infinity',
    '0x10',
    ' 5 ',
    '9007199254740993',
    'http://example.com',
    'https://api.openai.com/v1',
    'http://127.0.0.1:1/v1',
    'http://user:pass@proxy:3128',
    'ftp://127.0.0.1',
    'redis://localhost:6379',
    'memory',
    'redis',
    'off',
    'debug',
    '.',
    '/',
    '/nonexistent/key',
  ),
);

function checkLoad(env: Record<string, string>, changed: readonly string[]): void {
  try {
    loadConfig({ env });
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.issues.length).toBeGreaterThan(0);
    for (const issue of configError.issues) {
      expect(changed, configError.message).toContain(issue.name);
      expect(configError.message).toContain(issue.name);
    }
    expect(configError.message).not.toContain(KEY);
  }
}

describe('fuzzing loadConfig', () => {
  it('loads or names the bad variable for any single value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VARIABLES), value, (name, raw) => {
        checkLoad({ OPENAI_API_KEY: KEY, [name]: raw }, [name]);
      }),
      FUZZ,
    );
  });

  it('names every bad variable when several are set at once', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...VARIABLES), value, { maxKeys: 6 }), (env) => {
        checkLoad({ OPENAI_API_KEY: KEY, ...env }, Object.keys(env));
      }),
      FUZZ,
    );
  });
});
