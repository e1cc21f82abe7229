/** What a request asks for, by path and method. */
export type RouteName =
  | 'chat'
  | 'embeddings'
  | 'models'
  | 'model'
  | 'key'
  | 'health'
  | 'ready'
  | 'metrics'
  | 'status-page'
  | 'status-data';

/** The pattern of `GET /v1/models/{id}`, its label in logs and metrics. */
export const MODEL_ROUTE_PATTERN = '/v1/models/{id}';
const MODEL_PREFIX = '/v1/models/';

/** The route a request matched, or what is known of an unmatched one. */
export interface RouteMatch {
  /** The route, or `undefined` when none matched (then the answer is a 404). */
  readonly name: RouteName | undefined;
  /** The route's pattern (`/v1/chat/completions`), or `unmatched`. */
  readonly pattern: string;
  /** Whether the path is under `/v1`, where caller keys and limits apply. */
  readonly underV1: boolean;
  /** The path without its query string, for the 404 message. */
  readonly path: string;
}

interface RouteEntry {
  readonly name: RouteName;
  readonly method: 'GET' | 'POST';
  readonly pattern: string;
  /** The match of a request for exactly this pattern, made once. */
  readonly exact: RouteMatch;
}

const ROUTES = new Map<string, RouteEntry>(
  (
    [
      { name: 'chat', method: 'POST', pattern: '/v1/chat/completions' },
      { name: 'embeddings', method: 'POST', pattern: '/v1/embeddings' },
      { name: 'models', method: 'GET', pattern: '/v1/models' },
      { name: 'key', method: 'GET', pattern: '/v1/bulwark/key' },
      { name: 'health', method: 'GET', pattern: '/healthz' },
      { name: 'ready', method: 'GET', pattern: '/readyz' },
      { name: 'metrics', method: 'GET', pattern: '/metrics' },
      { name: 'status-page', method: 'GET', pattern: '/' },
      { name: 'status-data', method: 'GET', pattern: '/bulwark/status' },
    ] as const
  ).map((entry) => [
    entry.pattern,
    Object.assign({}, entry, {
      exact: {
        name: entry.name,
        pattern: entry.pattern,
        underV1: entry.pattern.startsWith('/v1/'),
        path: entry.pattern,
      },
    }),
  ]),
);

/**
 * Finds the route of a request. Paths match as Express matched them before:
 * without regard to case and with or without one trailing slash; a GET
 * route also answers HEAD; a known path with another method is unmatched.
 *
 * @param method - the request method.
 * @param url - the request target, relative to where the gateway is mounted.
 * @param withMetrics - whether `GET /metrics` is served.
 * @param withStatus - whether the status page (`GET /`, `GET /bulwark/status`) is served.
 */
export function matchRoute(
  method: string | undefined,
  url: string | undefined,
  withMetrics: boolean,
  withStatus = false,
): RouteMatch {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  const path = query === -1 ? raw : raw.slice(0, query);
  let entry = ROUTES.get(path);
  let normal = path;
  if (entry === undefined) {
    normal = path.toLowerCase();
    if (normal.length > 1 && normal.endsWith('/')) normal = normal.slice(0, -1);
    entry = ROUTES.get(normal);
  }
  const underV1 = normal === '/v1' || normal.startsWith('/v1/');
  // Model ids hold `:` (fine-tunes) and keep their case: only the prefix is matched loosely.
  if (
    entry === undefined &&
    normal.startsWith(MODEL_PREFIX) &&
    normal.length > MODEL_PREFIX.length
  ) {
    const name = method === 'GET' || method === 'HEAD' ? 'model' : undefined;
    return { name, pattern: name === undefined ? 'unmatched' : MODEL_ROUTE_PATTERN, underV1, path };
  }
  if (entry === undefined) return { name: undefined, pattern: 'unmatched', underV1, path };
  const allowed =
    (entry.method === method || (entry.method === 'GET' && method === 'HEAD')) &&
    (entry.name !== 'metrics' || withMetrics) &&
    ((entry.name !== 'status-page' && entry.name !== 'status-data') || withStatus);
  if (allowed && normal === raw) return entry.exact;
  return allowed
    ? { name: entry.name, pattern: entry.pattern, underV1, path }
    : { name: undefined, pattern: 'unmatched', underV1, path };
}
