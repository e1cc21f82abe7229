import { isIP } from 'node:net';

/**
 * Tells whether `hostname` is a loopback host: `localhost` (and
 * `*.localhost`), any address in 127.0.0.0/8, or `::1`.
 *
 * @param hostname - a URL's `hostname` (IPv6 in brackets or not).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
