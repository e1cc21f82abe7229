import type { ResponseCache } from '../cache/response-cache.js';
import type { RedisCacheOperation } from '../redis/redis-cache-store.js';
import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import { withDefaultModels } from '../models/with-default-models.js';
import { clientOptionsSchema } from '../options/client-options-schema.js';
import type { ResolvedResilienceOptions } from '../policies/resilience-options.js';
import type { ClientRedis } from '../redis/open-client-redis.js';
import { parseRoutes } from '../routes/parse-routes.js';
import { isLoopbackHost } from '../security/is-loopback-host.js';
import type { ResolvedRoutes } from '../routes/routes-config.js';
import type { ClientOptions, ParsedClientOptions } from './client-options.js';
import { resolveClientCache } from './resolve-client-cache.js';

/** The `proxy` option with its URLs in clear, for the connection pool; all `undefined` without one. */
export interface ResolvedProxyOptions {
  /** Proxy of `http:` upstreams. */
  httpProxy: string | undefined;
  /** Proxy of `https:` upstreams. */
  httpsProxy: string | undefined;
  /** Hosts reached directly, as `NO_PROXY` has them. */
  noProxy: string | undefined;
}

/** {@link ClientOptions} parsed by `clientOptionsSchema`, grouped as the client uses them. */
export interface ResolvedClientOptions extends Omit<
  ParsedClientOptions,
  | 'apiKey'
  | 'cache'
  | 'proxy'
  | 'redis'
  | 'retry'
  | 'circuitBreaker'
  | 'bulkhead'
  | 'deadlineMs'
  | 'random'
  | 'organization'
  | 'project'
  | 'fetch'
  | 'dispatcher'
  | 'rateLimiter'
  | 'routes'
> {
  /** The key in clear, or `undefined` with an injected `fetch` or `dispatcher`. */
  apiKey: string | undefined;
  /** Sent as `OpenAI-Organization`. */
  organization: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project: string | undefined;
  /** An injected `fetch`. */
  fetch: typeof fetch | undefined;
  /** An injected undici `Dispatcher` (e.g. a `MockAgent`). */
  dispatcher: ParsedClientOptions['dispatcher'] | undefined;
  /** The caller's own rate limiter, if any. */
  rateLimiter: ParsedClientOptions['rateLimiter'] | undefined;
  /** Settings of the resilience pipeline, defaults applied. */
  resilience: ResolvedResilienceOptions;
  /** The response cache; `undefined` with `cache.store: 'off'`. */
  cache: ResponseCache | undefined;
  /** The forward proxies, in clear (every field `undefined`: direct connections). */
  proxy: ResolvedProxyOptions;
  /** The routes and deployments, validated; `undefined` without routes. */
  routes: ResolvedRoutes | undefined;
}

/** What the client adds to {@link resolveClientOptions}: its Redis and where cache failures go. */
export interface ResolveClientContext {
  /** The client's Redis, when its `redis` option gives one. */
  redis?: ClientRedis | undefined;
  /** Told every cache store failure (the call goes on without the cache). */
  onCacheError?: ((error: unknown, operation: RedisCacheOperation) => void) | undefined;
}

/**
 * Parses the options with `clientOptionsSchema` (the schema `loadConfig()`
 * uses too, so both apply the same defaults) and checks what the client
 * relies on beyond single fields: a key, or a `fetch` or `dispatcher` to
 * answer without one, or a loopback `baseURL` (a local gateway or mock,
 * which holds the upstream key itself: no `Authorization` is sent). `cache.store: 'redis'` becomes a `RedisCacheStore` on
 * the client's Redis (refused without one).
 *
 * @param options - the caller's options.
 * @param context - the client's Redis and cache failure callback.
 * @returns the resolved options.
 * @throws {@link ConfigError} listing every bad option.
 */
export function resolveClientOptions(
  options: ClientOptions,
  context: ResolveClientContext = {},
): ResolvedClientOptions {
  // An empty key means none (an unset variable passed through), not a bad option.
  const parsed = clientOptionsSchema.safeParse(
    options.apiKey === '' ? withoutApiKey(options) : options,
  );
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        name: issue.path.map(String).join('.'),
        message: issue.message,
      }));
  const given = parsed.data;
  const keyGiven = options.apiKey !== undefined && options.apiKey !== '';
  const routes = resolveRoutes(options.routes, issues);
  if (
    !keyGiven &&
    routes === undefined &&
    options.fetch === undefined &&
    options.dispatcher === undefined &&
    !onLoopback(options.baseURL)
  ) {
    issues.unshift({
      name: 'apiKey',
      message:
        'an API key is required (set OPENAI_API_KEY, or pass apiKey or a mock fetch; a loopback baseURL, such as a local gateway, needs none)',
    });
  }
  const cache = given === undefined ? undefined : resolveClientCache(given, issues, context);
  if (given === undefined || issues.length > 0) {
    throw new ConfigError({ issues, message: 'Invalid client options' });
  }
  // `redis` is the client's to open (see `openClientRedis`); it is not resolved here.
  const {
    apiKey,
    retry,
    circuitBreaker,
    bulkhead,
    deadlineMs,
    random,
    redis: _redis,
    proxy,
    ...rest
  } = given;
  return Object.assign(rest, {
    apiKey: apiKey?.reveal(),
    organization: given.organization,
    project: given.project,
    fetch: given.fetch,
    dispatcher: given.dispatcher,
    rateLimiter: given.rateLimiter,
    resilience: {
      timeoutMs: given.timeoutMs,
      deadlineMs,
      retry,
      circuitBreaker,
      bulkhead,
      random,
      beforeAttempt: undefined,
    },
    models: withDefaultModels(given.models),
    cache,
    routes,
    proxy: {
      httpProxy: proxy?.httpProxy?.reveal(),
      httpsProxy: proxy?.httpsProxy?.reveal(),
      noProxy: proxy?.noProxy,
    },
  });
}

/** Validates the `routes` option, its problems added to `issues` as `routes.<path>`. */
function resolveRoutes(
  routes: ClientOptions['routes'],
  issues: ConfigIssue[],
): ResolvedRoutes | undefined {
  if (routes === undefined) return undefined;
  try {
    return parseRoutes(routes, { prefix: 'routes.' });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** Whether the base URL names this machine (a local gateway or mock): such an upstream needs no key. */
function onLoopback(baseURL: string | undefined): boolean {
  if (baseURL === undefined) return false;
  try {
    return isLoopbackHost(new URL(baseURL).hostname);
  } catch {
    return false;
  }
}

/** The options without a key: a copy, so the caller's object is never changed. */
function withoutApiKey(options: ClientOptions): ClientOptions {
  const copy = { ...options };
  copy.apiKey = undefined;
  return copy;
}
