/**
 * One environment variable `loadConfig()` reads: the configuration field it
 * sets and how its text becomes that field's input. Validation and defaults
 * are the field's, in `bulwarkConfigSchema`; nothing here repeats them.
 */
export interface EnvironmentVariable {
  /** The variable's documented name. */
  readonly name: string;
  /**
   * Every name it may be set by, the one that wins first (the proxy
   * variables' lower-case forms win, as in undici and curl).
   */
  readonly names: readonly string[];
  /** Path of the field it sets in `BulwarkConfig`. */
  readonly path: readonly string[];
  /** The text, trimmed and not empty, as the field's input. */
  readonly parse: (text: string) => unknown;
}

const text = (value: string): string => value;

/** A whole number, or `NaN` for the field's own message to reject. */
const whole = (value: string): number => (/^\d+$/.test(value) ? Number(value) : Number.NaN);

/** `true`/`1` or `false`/`0`; anything else is left for the field to reject. */
const flag = (value: string): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function variable(
  name: string,
  path: string,
  parse: (text: string) => unknown,
  names: readonly string[] = [name],
): EnvironmentVariable {
  return { name, names, path: path.split('.'), parse };
}

/** The variable that names a file holding the key; read by `loadConfig()` itself. */
export const API_KEY_FILE_VARIABLE = 'OPENAI_API_KEY_FILE';

/** The variable that names a routes file (docs/routes.md); read by `loadConfig()` itself. */
export const ROUTES_FILE_VARIABLE = 'BULWARK_ROUTES_FILE';

/** The variable that names a models file (docs/observability.md, "Cost"); read by `loadConfig()` itself. */
export const MODELS_FILE_VARIABLE = 'BULWARK_MODELS_FILE';

/** The variables that name a file, which `loadConfig()` reads itself rather than by their `parse`. */
export const FILE_VARIABLES: ReadonlySet<string> = new Set([
  API_KEY_FILE_VARIABLE,
  ROUTES_FILE_VARIABLE,
  MODELS_FILE_VARIABLE,
]);

/** Every variable `loadConfig()` reads, in the order of docs/configuration.md. */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  variable('OPENAI_API_KEY', 'apiKey', text),
  variable(API_KEY_FILE_VARIABLE, 'apiKey', text),
  variable('OPENAI_BASE_URL', 'baseURL', text),
  variable('OPENAI_ORG_ID', 'organization', text),
  variable('OPENAI_PROJECT_ID', 'project', text),
  variable(ROUTES_FILE_VARIABLE, 'routes', text),
  variable(MODELS_FILE_VARIABLE, 'models', text),
  variable('BULWARK_MODEL', 'model', text),
  variable('BULWARK_TIMEOUT_MS', 'timeoutMs', whole),
  variable('BULWARK_MAX_ATTEMPTS', 'retry.maxAttempts', whole),
  variable('BULWARK_MAX_CONCURRENCY', 'bulkhead.maxConcurrent', whole),
  variable('BULWARK_MAX_QUEUE', 'bulkhead.maxQueue', whole),
  variable('BULWARK_BREAKER_THRESHOLD', 'circuitBreaker.threshold', whole),
  variable('BULWARK_BREAKER_HALF_OPEN_MS', 'circuitBreaker.halfOpenAfterMs', whole),
  variable('BULWARK_RPM', 'rateLimit.rpm', whole),
  variable('BULWARK_TPM', 'rateLimit.tpm', whole),
  variable('BULWARK_RATE_MAX_WAIT_MS', 'rateLimit.maxWaitMs', whole),
  variable('BULWARK_CACHE', 'cache.store', text),
  variable('BULWARK_CACHE_TTL_MS', 'cache.ttlMs', whole),
  variable('BULWARK_CACHE_MAX_BYTES', 'cache.maxBytes', whole),
  variable('BULWARK_UPSTREAM_CONNECTIONS', 'upstreamConnections', whole),
  variable('HTTPS_PROXY', 'proxy.httpsProxy', text, ['https_proxy', 'HTTPS_PROXY']),
  variable('HTTP_PROXY', 'proxy.httpProxy', text, ['http_proxy', 'HTTP_PROXY']),
  variable('NO_PROXY', 'proxy.noProxy', text, ['no_proxy', 'NO_PROXY']),
  variable('BULWARK_REDIS_URL', 'redis.url', text),
  variable('BULWARK_API_KEYS', 'gateway.apiKeys', list),
  variable('BULWARK_CALLER_RPM', 'callerRpm', whole),
  variable('BULWARK_STATE_DIR', 'stateDir', text),
  variable('BULWARK_LOG_PROMPTS', 'gateway.logPrompts', flag),
  variable('BULWARK_HOST', 'gateway.host', text),
  variable('BULWARK_PORT', 'gateway.port', whole),
  variable('BULWARK_LOG_LEVEL', 'logLevel', text),
];
