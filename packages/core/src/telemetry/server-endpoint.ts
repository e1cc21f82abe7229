import type { ServerEndpoint } from './call-trace.js';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80 };

/**
 * The `server.*` facts of an upstream, from its base URL: host and port
 * (the scheme's default when the URL names none), and the GenAI provider.
 *
 * @param baseURL - the upstream's base URL; an injected `fetch` may have none.
 * @param provider - OpenAI's or Azure OpenAI's dialect.
 */
export function serverEndpoint(
  baseURL: string | undefined,
  provider: 'openai' | 'azure' | undefined,
): ServerEndpoint {
  const name = provider === 'azure' ? 'azure.ai.openai' : 'openai';
  if (baseURL === undefined) return { provider: name, address: undefined, port: undefined };
  try {
    const url = new URL(baseURL);
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
    return { provider: name, address: url.hostname, port };
  } catch {
    return { provider: name, address: undefined, port: undefined };
  }
}
