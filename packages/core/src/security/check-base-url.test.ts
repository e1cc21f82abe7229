import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from './check-base-url.js';
import { isLoopbackHost } from './is-loopback-host.js';

describe('checkBaseUrl', () => {
  it.each([
    'https://api.openai.com/v1',
    'https://gateway.internal:8443/v1',
    'http://localhost:8787/v1',
    'http://127.0.0.1/v1',
    'http://127.255.0.9:1/v1',
    'http://[::1]:8787/v1',
  ])('accepts %s', (url) => {
    expect(checkBaseUrl(url)).toBeUndefined();
  });

  it.each([
    ['http://api.openai.com/v1', 'must use https: unless the host is loopback'],
    ['http://128.0.0.1/v1', 'must use https: unless the host is loopback'],
    ['http://localhost.evil.com/v1', 'must use https: unless the host is loopback'],
    ['ftp://api.openai.com/v1', 'must use https: (got ftp:)'],
    ['not a url', 'must be an absolute URL'],
    ['https://user:pass@api.openai.com/v1', 'must not contain credentials'],
  ])('refuses %s', (url, reason) => {
    expect(checkBaseUrl(url)).toBe(reason);
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback hosts', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('api.localhost')).toBe(false);
    expect(isLoopbackHost('127.0.0.53')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('::2')).toBe(false);
  });
});
