import { z } from 'zod';
import { secretUrlSchema } from './secret-schemas.js';

const proxyUrl = secretUrlSchema(['http:', 'https:'], 'expected an http:// or https:// URL');

/**
 * The `proxy` option: the forward proxies of upstream requests, as undici's
 * `EnvHttpProxyAgent` takes them. `loadConfig()` fills it from the standard
 * variables (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, each also in lower
 * case). Proxy URLs may hold credentials, so they are kept as `Secret`s.
 */
export const proxyOptionsSchema = z.object({
  /** Proxy of `http:` upstreams (`HTTP_PROXY`). @default undefined (direct) */
  httpProxy: proxyUrl.optional(),
  /** Proxy of `https:` upstreams (`HTTPS_PROXY`). @default undefined (direct) */
  httpsProxy: proxyUrl.optional(),
  /**
   * Hosts reached directly, comma- or space-separated, as `NO_PROXY` has
   * them (`*` for every host; `.example.com` for its subdomains).
   * @default undefined (every host through the proxy)
   */
  noProxy: z.string().optional(),
});
