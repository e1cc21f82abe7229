import type { Dispatcher } from 'undici';

/** Proxy settings, read from the environment by the config loader only. */
export interface TransportProxy {
  /** Proxy for `http:` origins (`HTTP_PROXY`). */
  httpProxy?: string | undefined;
  /** Proxy for `https:` origins (`HTTPS_PROXY`). */
  httpsProxy?: string | undefined;
  /** Hosts reached directly, comma or space separated, `*` wildcards (`NO_PROXY`). */
  noProxy?: string | undefined;
}

/** Options of `createTransport`. */
export interface TransportOptions {
  /** The key in clear; `undefined` only with an injected `fetch` or `dispatcher`. */
  apiKey: string | undefined;
  /** The upstream base URL, e.g. `https://api.openai.com/v1`. */
  baseURL: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project?: string | undefined;
  /** Keep-alive connections per upstream origin (`BULWARK_UPSTREAM_CONNECTIONS`). */
  connections: number;
  /** An undici dispatcher used instead of the transport's own pool (e.g. a `MockAgent`); never closed by the transport. */
  dispatcher?: Dispatcher | undefined;
  /** An injected `fetch` (mocks, tests): the requests go through it instead of undici. */
  fetch?: typeof fetch | undefined;
  /** Proxy settings; when one is set, requests go through undici's `EnvHttpProxyAgent`. */
  proxy?: TransportProxy | undefined;
  /**
   * The upstream's dialect: `openai` (the key as `Authorization: Bearer`,
   * OpenAI's error bodies) or `azure` (Azure OpenAI: the key as `api-key`,
   * its error bodies and headers read into OpenAI's shape).
   * @default 'openai'
   */
  provider?: 'openai' | 'azure' | undefined;
  /** A query string appended to every request's path, e.g. `?api-version=2024-10-21`. @default '' */
  query?: string | undefined;
}
