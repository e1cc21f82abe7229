/**
 * The reference tables of `docs/configuration.md`, rendered from the code:
 * the defaults come from core's one options schema (`clientOptionsSchema`,
 * and `loadConfig({ env: {} })`, which parses the environment with the same
 * field schemas), so the page cannot drift from what the code does. Run
 * `pnpm --filter @bulwark/docs generate` after changing a default or a
 * variable; `test/configuration.test.ts` fails until the page matches.
 */
import { format, resolveConfig } from 'prettier';
import { clientOptionsSchema, loadConfig } from '@bulwark/core';

/** One environment variable: where it lands in `BulwarkConfig` and what it means. */
export interface EnvironmentVariable {
  /** The variable's name. */
  name: string;
  /** Dotted path of the value it sets in the result of `loadConfig()`. */
  path: string;
  /** What it accepts. */
  accepts: string;
  /** What it does. */
  meaning: string;
  /** A valid value different from the default, used by the drift test. */
  sample: string;
}

/** Every variable `loadConfig()` reads, in the order of core's variable table. */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  {
    name: 'OPENAI_API_KEY',
    path: 'apiKey',
    accepts: 'string',
    meaning: 'Upstream key. Kept as a `Secret`: masked in logs, errors and `JSON.stringify`.',
    sample: 'sk-docs-sample',
  },
  {
    name: 'OPENAI_API_KEY_FILE',
    path: 'apiKey',
    accepts: 'path (relative to `cwd`)',
    meaning:
      'File holding the key (container secrets); its content is trimmed. Exclusive with `OPENAI_API_KEY`.',
    sample: '<key file>',
  },
  {
    name: 'OPENAI_BASE_URL',
    path: 'baseURL',
    accepts: 'URL',
    meaning: 'Upstream. `https:` is required unless the host is loopback.',
    sample: 'http://127.0.0.1:9999/v1',
  },
  {
    name: 'OPENAI_ORG_ID',
    path: 'organization',
    accepts: 'string',
    meaning: 'Sent as the `OpenAI-Organization` header.',
    sample: 'org-docs',
  },
  {
    name: 'OPENAI_PROJECT_ID',
    path: 'project',
    accepts: 'string',
    meaning: 'Sent as the `OpenAI-Project` header.',
    sample: 'proj-docs',
  },
  {
    name: 'BULWARK_ROUTES_FILE',
    path: 'routes',
    accepts: '`.yaml`, `.yml` or `.json` path (relative to `cwd`)',
    meaning:
      'Routes file: deployments (OpenAI, Azure) and routes; keys from the variables or files it names. See [routes](routes.md).',
    sample: '<routes file>',
  },
  {
    name: 'BULWARK_MODELS_FILE',
    path: 'models',
    accepts: '`.yaml`, `.yml` or `.json` path (relative to `cwd`)',
    meaning:
      'Models file: prices (input, cached input, output), context windows and tokenizers that correct or extend the built-in model table. See [observability](observability.md#cost).',
    sample: '<models file>',
  },
  {
    name: 'BULWARK_MODEL',
    path: 'model',
    accepts: 'model name',
    meaning: 'Model of requests that name none.',
    sample: 'gpt-4o',
  },
  {
    name: 'BULWARK_TIMEOUT_MS',
    path: 'timeoutMs',
    accepts: 'whole number ≥ 1',
    meaning: 'Timeout of each upstream attempt (of a stream: until its first chunk).',
    sample: '1234',
  },
  {
    name: 'BULWARK_MAX_ATTEMPTS',
    path: 'retry.maxAttempts',
    accepts: '1 … 100',
    meaning: 'Attempts including the first; `1` turns retries off.',
    sample: '2',
  },
  {
    name: 'BULWARK_MAX_CONCURRENCY',
    path: 'bulkhead.maxConcurrent',
    accepts: 'whole number ≥ 1',
    meaning: 'Bulkhead: upstream calls in flight at most.',
    sample: '3',
  },
  {
    name: 'BULWARK_MAX_QUEUE',
    path: 'bulkhead.maxQueue',
    accepts: 'whole number ≥ 0',
    meaning: 'Bulkhead: calls waiting for a slot; one more fails with `BulkheadRejectedError`.',
    sample: '7',
  },
  {
    name: 'BULWARK_BREAKER_THRESHOLD',
    path: 'circuitBreaker.threshold',
    accepts: 'whole number ≥ 1',
    meaning: 'Consecutive upstream failures that open the circuit breaker.',
    sample: '9',
  },
  {
    name: 'BULWARK_BREAKER_HALF_OPEN_MS',
    path: 'circuitBreaker.halfOpenAfterMs',
    accepts: 'whole number ≥ 1',
    meaning: 'Time an open breaker waits before letting one probe through.',
    sample: '1500',
  },
  {
    name: 'BULWARK_RPM',
    path: 'rateLimit.rpm',
    accepts: 'whole number ≥ 0',
    meaning: 'Client-side requests per minute; `0` is off.',
    sample: '500',
  },
  {
    name: 'BULWARK_TPM',
    path: 'rateLimit.tpm',
    accepts: 'whole number ≥ 0',
    meaning: 'Client-side tokens per minute; `0` is off.',
    sample: '90000',
  },
  {
    name: 'BULWARK_RATE_MAX_WAIT_MS',
    path: 'rateLimit.maxWaitMs',
    accepts: 'whole number ≥ 0',
    meaning:
      'Longest wait for rate-limit capacity; a longer one fails at once with a local `RateLimitError`.',
    sample: '250',
  },
  {
    name: 'BULWARK_CACHE',
    path: 'cache.store',
    accepts: '`memory`, `redis`, `off`',
    meaning: 'Where cached responses live; `redis` requires `BULWARK_REDIS_URL`.',
    sample: 'off',
  },
  {
    name: 'BULWARK_CACHE_TTL_MS',
    path: 'cache.ttlMs',
    accepts: 'whole number ≥ 1',
    meaning: 'Lifetime of a cache entry.',
    sample: '1000',
  },
  {
    name: 'BULWARK_CACHE_MAX_BYTES',
    path: 'cache.maxBytes',
    accepts: 'whole number ≥ 1',
    meaning: 'Size bound of the memory cache.',
    sample: '1024',
  },
  {
    name: 'BULWARK_UPSTREAM_CONNECTIONS',
    path: 'upstreamConnections',
    accepts: '1 … 1024',
    meaning:
      'Keep-alive connections per upstream origin. A call in flight uses one, so more than `BULWARK_MAX_CONCURRENCY` are never used.',
    sample: '8',
  },
  {
    name: 'HTTPS_PROXY',
    path: 'proxy.httpsProxy',
    accepts: '`http://` or `https://` URL',
    meaning:
      'Forward proxy of `https:` upstreams. `https_proxy` too (the lower-case form wins). A `Secret`: it may hold credentials.',
    sample: 'http://proxy.internal:3128',
  },
  {
    name: 'HTTP_PROXY',
    path: 'proxy.httpProxy',
    accepts: '`http://` or `https://` URL',
    meaning: 'Forward proxy of `http:` upstreams (a loopback mock). `http_proxy` too. A `Secret`.',
    sample: 'http://proxy.internal:3128',
  },
  {
    name: 'NO_PROXY',
    path: 'proxy.noProxy',
    accepts: 'comma-separated hosts, `*`',
    meaning:
      'Hosts reached without the proxy (`.example.com`: its subdomains; `*`: every host). `no_proxy` too.',
    sample: 'localhost,.internal',
  },
  {
    name: 'BULWARK_REDIS_URL',
    path: 'redis.url',
    accepts: '`redis://` or `rediss://` URL',
    meaning:
      'Shared state across instances: rate-limit buckets always, the cache with `BULWARK_CACHE=redis`, and the gateway keys with their spend ([keys](keys.md)). A `Secret`.',
    sample: 'redis://127.0.0.1:6379',
  },
  {
    name: 'BULWARK_API_KEYS',
    path: 'gateway.apiKeys',
    accepts: 'comma-separated keys',
    meaning:
      'Keys callers of the gateway must present as `Authorization: Bearer …`. Empty: open, loopback only.',
    sample: 'key-one,key-two',
  },
  {
    name: 'BULWARK_CALLER_RPM',
    path: 'callerRpm',
    accepts: 'whole number ≥ 0',
    meaning:
      'Gateway: requests per minute of each caller (per key, or per IP address without keys); `0` is off.',
    sample: '120',
  },
  {
    name: 'BULWARK_STATE_DIR',
    path: 'stateDir',
    accepts: 'folder path (relative to the working folder)',
    meaning:
      'Folder of the embedded store of gateway keys and their spend (`bulwark.db`, SQLite); unused with `BULWARK_REDIS_URL`, where keys live in Redis. See [keys](keys.md).',
    sample: '/var/lib/bulwark',
  },
  {
    name: 'BULWARK_LOG_PROMPTS',
    path: 'gateway.logPrompts',
    accepts: '`true`, `false`, `1`, `0`',
    meaning: 'Put prompts in the gateway’s request log lines (user data: off by default).',
    sample: 'true',
  },
  {
    name: 'BULWARK_HOST',
    path: 'gateway.host',
    accepts: 'host name or address',
    meaning: 'Gateway listen address.',
    sample: '0.0.0.0',
  },
  {
    name: 'BULWARK_PORT',
    path: 'gateway.port',
    accepts: '1 … 65535',
    meaning: 'Gateway listen port.',
    sample: '9090',
  },
  {
    name: 'BULWARK_LOG_LEVEL',
    path: 'logLevel',
    accepts: '`trace`, `debug`, `info`, `warn`, `error`, `fatal`, `silent`',
    meaning: 'Level of the gateway’s and the CLI’s logs.',
    sample: 'debug',
  },
];

/** One `createClient()` option whose default is a number or word worth a table row. */
export interface ClientOptionDefault {
  /** Dotted option path. */
  path: string;
  /** What it does. */
  meaning: string;
}

/** The `createClient()` options of the defaults table; their defaults come from `clientOptionsSchema`. */
export const CLIENT_OPTION_DEFAULTS: readonly ClientOptionDefault[] = [
  { path: 'model', meaning: 'Model of requests that name none.' },
  { path: 'timeoutMs', meaning: 'Per-attempt timeout.' },
  {
    path: 'deadlineMs',
    meaning: 'Deadline of a whole call (queue, attempts, backoff); none by default.',
  },
  { path: 'retry.maxAttempts', meaning: 'Attempts including the first.' },
  {
    path: 'retry.baseDelayMs',
    meaning: 'Ceiling of the first backoff delay (full jitter, doubling).',
  },
  {
    path: 'retry.maxDelayMs',
    meaning: 'Largest backoff ceiling; a longer `retry-after` still wins, up to 60 s.',
  },
  {
    path: 'circuitBreaker.threshold',
    meaning: 'Consecutive upstream failures that open the breaker.',
  },
  { path: 'circuitBreaker.halfOpenAfterMs', meaning: 'Wait before one probe is let through.' },
  { path: 'bulkhead.maxConcurrent', meaning: 'Upstream calls in flight at most.' },
  { path: 'bulkhead.maxQueue', meaning: 'Calls waiting for a slot at most.' },
  {
    path: 'upstreamConnections',
    meaning:
      'Keep-alive connections per upstream origin (1 … 1024); never more used than `bulkhead.maxConcurrent`.',
  },
  { path: 'rateLimit.rpm', meaning: 'Requests per minute; `0` is off.' },
  { path: 'rateLimit.tpm', meaning: 'Tokens per minute; `0` is off.' },
  { path: 'rateLimit.maxWaitMs', meaning: 'Longest wait for capacity.' },
  {
    path: 'rateLimit.burstFraction',
    meaning: 'Burst capacity as a fraction of each per-minute limit.',
  },
  {
    path: 'rateLimit.defaultCompletionTokens',
    meaning: 'Completion reserve of a request without `max_tokens`/`max_completion_tokens`.',
  },
  {
    path: 'cache.store',
    meaning: '`memory`, `off`, `redis` (needs `redis`) or your own `CacheStore`.',
  },
  { path: 'cache.ttlMs', meaning: 'Lifetime of an entry.' },
  { path: 'cache.maxBytes', meaning: 'Size bound of the memory store.' },
  { path: 'cache.when', meaning: '`deterministic` (`temperature: 0` or a `seed`) or `always`.' },
  { path: 'cache.namespace', meaning: 'Keeps clients that share a store apart.' },
];

function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number' && !Number.isInteger(value)) return `\`${value.toPrecision(4)}\``;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `\`${JSON.stringify(value)}\``;
  return `\`${String(value)}\``;
}

/** The value at a dotted path of an object. */
export function valueAt(target: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (current, key) =>
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined,
      target,
    );
}

/** The environment variable table, defaults from `loadConfig({ env: {} })`. */
export function renderEnvironmentTable(): string {
  const defaults = loadConfig({ env: {} });
  const rows = ENVIRONMENT_VARIABLES.map(
    (variable) =>
      `| \`${variable.name}\` | \`${variable.path}\` | ${formatValue(valueAt(defaults, variable.path))} | ${variable.accepts} | ${variable.meaning} |`,
  );
  return [
    '| variable | config field | default | accepts | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The `createClient()` defaults table, defaults from `clientOptionsSchema.parse({})`. */
export function renderClientOptionsTable(): string {
  const defaults = clientOptionsSchema.parse({});
  const rows = CLIENT_OPTION_DEFAULTS.map(
    (option) =>
      `| \`${option.path}\` | ${formatValue(valueAt(defaults, option.path))} | ${option.meaning} |`,
  );
  return ['| option | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Markers around each generated table in `configuration.md`. */
export const GENERATED_SECTIONS = {
  environment: renderEnvironmentTable,
  'client-options': renderClientOptionsTable,
} as const;

/**
 * `markdown` with the content between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->` replaced by the freshly rendered table, then
 * formatted with the repository's Prettier settings (as `npm test` checks it).
 *
 * @param markdown - the page's current text.
 * @param file - the page's path, for Prettier's settings.
 * @param sections - the sections of the page and how each is rendered.
 */
export async function fillGeneratedSections(
  markdown: string,
  file: string,
  sections: Readonly<Record<string, () => string>> = GENERATED_SECTIONS,
): Promise<string> {
  let result = markdown;
  for (const [name, render] of Object.entries(sections)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to < from) throw new Error(`${file} lacks the markers of ${name}`);
    result = `${result.slice(0, from + start.length)}\n\n${render()}\n\n${result.slice(to)}`;
  }
  const options = (await resolveConfig(file)) ?? {};
  return format(result, { ...options, filepath: file });
}
