import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { Secret } from '../security/secret.js';
import type { BulwarkConfig } from './bulwark-config.js';
import { configOverridesSchema, type ConfigOverrides } from './config-overrides.js';
import { environmentSchema, type EnvironmentValues } from './environment-schema.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The environment to read. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Folder of the `.env` file and base of a relative `OPENAI_API_KEY_FILE`. @default process.cwd() */
  cwd?: string | undefined;
  /**
   * Read `<cwd>/.env` (with Node's `util.parseEnv`) below the environment. A
   * missing file is not an error. Never read unless asked.
   * @default false
   */
  dotenv?: boolean | undefined;
  /** Explicit values above every other source (e.g. CLI flags). */
  overrides?: ConfigOverrides | undefined;
}

/**
 * Builds the configuration from, in rising priority: defaults, `<cwd>/.env`
 * (only with `dotenv: true`), the environment, and `overrides`; every value
 * is validated with zod (DESIGN §4). The key comes from `OPENAI_API_KEY` or
 * from the file named by `OPENAI_API_KEY_FILE` (not both). `OPENAI_BASE_URL`
 * must use `https:` unless its host is loopback (127.0.0.0/8, `::1`,
 * `localhost`). `BULWARK_CACHE=redis` requires `BULWARK_REDIS_URL`; a Redis
 * URL also moves the rate limits to Redis (see `ClientOptions.redis`). Secrets come back as {@link Secret} values, masked in
 * `String()`, `JSON.stringify` and `util.inspect`.
 *
 * This is the only place in `@bulwark/core` that reads `process.env`.
 *
 * @param options - where to read from.
 * @returns the validated configuration, ready for `createClient()`.
 * @throws {@link ConfigError} (code `invalid_config`) naming every bad variable or override with the reason.
 * @example
 * ```ts
 * const client = createClient(loadConfig({ dotenv: true }));
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): BulwarkConfig {
  const cwd = options.cwd ?? process.cwd();
  const sources = {
    ...(options.dotenv === true ? readDotenv(cwd) : {}),
    ...(options.env ?? process.env),
  };
  const issues: ConfigIssue[] = [];
  const present = Object.fromEntries(
    Object.keys(environmentSchema.shape).flatMap((name) => {
      const value = sources[name];
      return value === undefined || value.trim() === '' ? [] : [[name, value]];
    }),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) issues.push(...toIssues(parsed.error, ''));
  const overrides = configOverridesSchema.safeParse(options.overrides ?? {});
  if (!overrides.success) issues.push(...toIssues(overrides.error, 'overrides.'));
  const values: EnvironmentValues = parsed.success ? parsed.data : {};
  const apiKey = readApiKey(values, cwd, issues);
  if (issues.length > 0 || !overrides.success) throw new ConfigError({ issues });
  const config = applyOverrides(fromEnvironment(values, apiKey), overrides.data);
  if (config.cache.store === 'redis' && config.redis.url === undefined) {
    throw new ConfigError({
      issues: [
        {
          name: 'BULWARK_REDIS_URL',
          message: 'required when BULWARK_CACHE=redis (e.g. redis://127.0.0.1:6379)',
        },
      ],
    });
  }
  return config;
}

function readDotenv(cwd: string): Record<string, string | undefined> {
  let content: string;
  try {
    content = readFileSync(resolve(cwd, '.env'), 'utf8');
  } catch {
    return {};
  }
  return parseEnv(content);
}

function readApiKey(
  values: EnvironmentValues,
  cwd: string,
  issues: ConfigIssue[],
): string | undefined {
  if (values.OPENAI_API_KEY !== undefined && values.OPENAI_API_KEY_FILE !== undefined) {
    issues.push({
      name: 'OPENAI_API_KEY_FILE',
      message: 'set either it or OPENAI_API_KEY, not both',
    });
    return undefined;
  }
  if (values.OPENAI_API_KEY_FILE === undefined) return values.OPENAI_API_KEY;
  try {
    const key = readFileSync(resolve(cwd, values.OPENAI_API_KEY_FILE), 'utf8').trim();
    if (key !== '') return key;
    issues.push({ name: 'OPENAI_API_KEY_FILE', message: 'the file is empty' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    issues.push({ name: 'OPENAI_API_KEY_FILE', message: `cannot read the file (${code})` });
  }
  return undefined;
}

function toIssues(error: z.ZodError, prefix: string): ConfigIssue[] {
  return error.issues.map((issue) => ({
    name: prefix + issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function fromEnvironment(values: EnvironmentValues, apiKey: string | undefined): BulwarkConfig {
  return {
    apiKey: apiKey === undefined ? undefined : new Secret(apiKey),
    baseURL: values.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    organization: values.OPENAI_ORG_ID,
    project: values.OPENAI_PROJECT_ID,
    model: values.BULWARK_MODEL ?? 'gpt-4-1106-preview',
    timeoutMs: values.BULWARK_TIMEOUT_MS ?? 60_000,
    retry: { maxAttempts: values.BULWARK_MAX_ATTEMPTS ?? 4 },
    circuitBreaker: {
      threshold: values.BULWARK_BREAKER_THRESHOLD ?? 5,
      halfOpenAfterMs: values.BULWARK_BREAKER_HALF_OPEN_MS ?? 30_000,
    },
    bulkhead: {
      maxConcurrent: values.BULWARK_MAX_CONCURRENCY ?? 32,
      maxQueue: values.BULWARK_MAX_QUEUE ?? 256,
    },
    rateLimit: {
      rpm: values.BULWARK_RPM ?? 0,
      tpm: values.BULWARK_TPM ?? 0,
      maxWaitMs: values.BULWARK_RATE_MAX_WAIT_MS ?? 60_000,
    },
    cache: {
      store: values.BULWARK_CACHE ?? 'memory',
      ttlMs: values.BULWARK_CACHE_TTL_MS ?? 3_600_000,
      maxBytes: values.BULWARK_CACHE_MAX_BYTES ?? 67_108_864,
    },
    redis: {
      url:
        values.BULWARK_REDIS_URL === undefined ? undefined : new Secret(values.BULWARK_REDIS_URL),
    },
    gateway: {
      host: values.BULWARK_HOST ?? '127.0.0.1',
      port: values.BULWARK_PORT ?? 8787,
      apiKeys: (values.BULWARK_API_KEYS ?? []).map((key) => new Secret(key)),
      logPrompts: values.BULWARK_LOG_PROMPTS ?? false,
    },
    callerRpm: values.BULWARK_CALLER_RPM ?? 0,
    logLevel: values.BULWARK_LOG_LEVEL ?? 'info',
  };
}

function toSecret(value: string | Secret): Secret {
  return typeof value === 'string' ? new Secret(value) : value;
}

function applyOverrides(
  config: BulwarkConfig,
  overrides: z.output<typeof configOverridesSchema>,
): BulwarkConfig {
  const { apiKey, retry, circuitBreaker, bulkhead, rateLimit, cache, redis, gateway, ...scalars } =
    overrides;
  return {
    ...config,
    ...mergeDefined(pickScalars(config), scalars),
    apiKey: apiKey === undefined ? config.apiKey : toSecret(apiKey),
    retry: mergeDefined(config.retry, retry),
    circuitBreaker: mergeDefined(config.circuitBreaker, circuitBreaker),
    bulkhead: mergeDefined(config.bulkhead, bulkhead),
    rateLimit: mergeDefined(config.rateLimit, rateLimit),
    cache: mergeDefined(config.cache, cache),
    redis: { url: redis?.url === undefined ? config.redis.url : toSecret(redis.url) },
    gateway: {
      host: gateway?.host ?? config.gateway.host,
      port: gateway?.port ?? config.gateway.port,
      apiKeys: gateway?.apiKeys?.map(toSecret) ?? config.gateway.apiKeys,
      logPrompts: gateway?.logPrompts ?? config.gateway.logPrompts,
    },
  };
}

function pickScalars(config: BulwarkConfig) {
  const { baseURL, organization, project, model, timeoutMs, logLevel } = config;
  return { baseURL, organization, project, model, timeoutMs, logLevel };
}

/** `base` with every field of `patch` that is not `undefined`. */
function mergeDefined<T extends object>(
  base: T,
  patch: { [K in keyof T]?: T[K] | undefined } | undefined,
): T {
  const merged = { ...base };
  for (const key of Object.keys(patch ?? {}) as (keyof T)[]) {
    const value = patch?.[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
