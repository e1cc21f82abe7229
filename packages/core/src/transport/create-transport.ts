import { EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';
import { createFetchTransport } from './fetch-transport.js';
import { createRequestHeaders } from './request-headers.js';
import type { Transport } from './transport.js';
import type { TransportOptions, TransportProxy } from './transport-options.js';
import { createUndiciTransport } from './undici-transport.js';

/**
 * Creates the transport to one upstream (see `docs/architecture.md`,
 * "The pipeline", step 9), chosen by its options:
 *
 * - `dispatcher`: undici's `request()` through it (a `MockAgent` in tests);
 * - `fetch`: the injected `fetch`;
 * - `proxy` with an HTTP or HTTPS proxy: undici's `EnvHttpProxyAgent` with
 *   exactly those values (it reads no environment variable itself);
 * - otherwise: a keep-alive undici `Pool` of `connections` connections to
 *   the base URL's origin, one request at a time on each (no pipelining).
 *
 * `close()` closes the pool or proxy agent the transport created, never an
 * injected dispatcher.
 *
 * @param options - upstream address, credentials, connections and the injected parts.
 * @returns the transport.
 */
export function createTransport(options: TransportOptions): Transport {
  const headers = createRequestHeaders(options);
  const secrets = options.apiKey === undefined ? [] : [options.apiKey];
  const { baseURL, dispatcher } = options;
  const dialect = { query: options.query, azure: options.provider === 'azure' };
  if (dispatcher !== undefined) {
    return createUndiciTransport({
      dispatcher,
      baseURL,
      headers,
      secrets,
      close: () => Promise.resolve(),
      ...dialect,
    });
  }
  if (options.fetch !== undefined) {
    return createFetchTransport({ fetch: options.fetch, baseURL, headers, secrets, ...dialect });
  }
  const own = createDispatcher(baseURL, options.connections, options.proxy);
  let closing: Promise<void> | undefined;
  return createUndiciTransport({
    dispatcher: own,
    baseURL,
    headers,
    secrets,
    close: () => (closing ??= own.close()),
    hostHeader: !(own instanceof Pool),
    ...dialect,
  });
}

function createDispatcher(
  baseURL: string,
  connections: number,
  proxy: TransportProxy | undefined,
): Dispatcher {
  const pooling = { connections, pipelining: 1 };
  if (isSet(proxy?.httpProxy) || isSet(proxy?.httpsProxy)) {
    // '' rather than undefined: undici would read the environment for a missing value.
    return new EnvHttpProxyAgent(
      Object.assign({}, pooling, {
        httpProxy: proxy?.httpProxy ?? '',
        httpsProxy: proxy?.httpsProxy ?? '',
        noProxy: proxy?.noProxy ?? '',
      }),
    );
  }
  return new Pool(new URL(baseURL).origin, pooling);
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
