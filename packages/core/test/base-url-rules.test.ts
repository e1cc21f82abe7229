// Base URL rules (docs/configuration.md): the key only travels over `https:`, or over
// `http:` to a loopback host. Hosts that merely look like loopback are refused.
import { describe, expect, it } from 'vitest';
import { ConfigError, createClient, loadConfig } from '../src/index.js';

const KEY = 'sk-base.url-secret-0123456789';

const ACCEPTED = [
  'https://api.openai.com/v1',
  'https://gateway.example.com:8443/openai/v1',
  'http://127.0.0.1:8787/v1',
  'http://127.8.9.10/v1',
  'http://localhost:8787/v1',
  'http://LOCALHOST/v1',
  'http://[::1]:8787/v1',
  // The WHATWG URL parser normalises these numeric forms to 127.0.0.1.
  'http://2130706433/v1',
  'http://127.1/v1',
];

const REFUSED = [
  'http://api.openai.com/v1',
  'http://127.0.0.1.evil.com/v1',
  'http://localhost.evil.com/v1',
  'http://api.localhost/v1',
  'http://127.0.0.1@evil.com/v1',
  'http://user:pass@127.0.0.1/v1',
  'https://user:pass@api.openai.com/v1',
  'http://evil.com#@127.0.0.1/v1',
  'http://evil.com?@127.0.0.1/v1',
  'http://0.0.0.0:8787/v1',
  'http://10.0.0.1/v1',
  'http://[::ffff:7f00:1]/v1',
  'http://[::]/v1',
  'ftp://127.0.0.1/v1',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '//127.0.0.1/v1',
  '127.0.0.1:8787',
  'not a url',
];

describe('base URL rules', () => {
  it('reads an empty OPENAI_BASE_URL as unset: the https default', () => {
    const config = loadConfig({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '' } });
    expect(config.baseURL).toBe('https://api.openai.com/v1');
  });

  it.each(ACCEPTED)('loadConfig and createClient accept %s', (url) => {
    expect(loadConfig({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url } }).baseURL).toBe(url);
    expect(() => createClient({ apiKey: KEY, baseURL: url })).not.toThrow();
  });

  it.each(REFUSED)('loadConfig and createClient refuse %s, naming the setting', (url) => {
    let loadError: unknown;
    try {
      loadConfig({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url } });
    } catch (error) {
      loadError = error;
    }
    expect(loadError).toBeInstanceOf(ConfigError);
    expect((loadError as ConfigError).message).toContain('OPENAI_BASE_URL');
    expect((loadError as ConfigError).message).not.toContain(KEY);
    expect(() => createClient({ apiKey: KEY, baseURL: url })).toThrow(/baseURL/);
  });
});
