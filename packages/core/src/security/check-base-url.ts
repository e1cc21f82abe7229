import { isLoopbackHost } from './is-loopback-host.js';

/**
 * Why a base URL is refused, or `undefined` when it is acceptable: it must
 * parse, and use `https:` unless its host is loopback (a local mock or
 * gateway may use `http:`). Keys never travel in clear over a network.
 *
 * @param baseURL - the upstream base URL.
 * @returns the reason it is refused, or `undefined`.
 */
export function checkBaseUrl(baseURL: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'must use https: unless the host is loopback';
  return `must use https: (got ${url.protocol})`;
}
