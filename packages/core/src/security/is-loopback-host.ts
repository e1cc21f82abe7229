import { isIP } from 'node:net';

/**
 * Tells whether `hostname` is a loopback host: `localhost`, any address in
 * 127.0.0.0/8, or `::1`. Names under `.localhost` are not accepted: the
 * system resolver is free to send them to DNS, which could answer with a
 * remote address, and a plain-`http:` upstream must never leave the machine.
 *
 * @param hostname - a URL's `hostname` (IPv6 in brackets or not).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
