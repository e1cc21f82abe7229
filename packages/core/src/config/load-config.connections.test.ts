import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configIssuesOf as issuesOf } from '../../test/support/config-issues.js';
import { loadConfig } from './load-config.js';

const load = (env: Record<string, string>) => loadConfig({ env });

describe('loadConfig: upstream connections', () => {
  it('reads BULWARK_UPSTREAM_CONNECTIONS from 1 to 1024', () => {
    expect(load({ BULWARK_UPSTREAM_CONNECTIONS: '1' }).upstreamConnections).toBe(1);
    expect(load({ BULWARK_UPSTREAM_CONNECTIONS: ' 1024 ' }).upstreamConnections).toBe(1024);
  });

  it.each(['0', '1025', '-3', '2.5', 'many'])(
    'refuses BULWARK_UPSTREAM_CONNECTIONS=%s, naming it',
    (value) => {
      expect(issuesOf(() => load({ BULWARK_UPSTREAM_CONNECTIONS: value }))).toEqual([
        { name: 'BULWARK_UPSTREAM_CONNECTIONS', message: 'expected a whole number from 1 to 1024' },
      ]);
    },
  );

  it('takes an override above the variable, and names a bad one by its path', () => {
    const config = loadConfig({
      env: { BULWARK_UPSTREAM_CONNECTIONS: '8' },
      overrides: { upstreamConnections: 16 },
    });
    expect(config.upstreamConnections).toBe(16);
    expect(issuesOf(() => loadConfig({ env: {}, overrides: { upstreamConnections: 0 } }))).toEqual([
      { name: 'overrides.upstreamConnections', message: expect.any(String) },
    ]);
  });
});

describe('loadConfig: per-caller limit of the gateway', () => {
  it('reads BULWARK_CALLER_RPM, 0 (off) by default', () => {
    expect(load({}).callerRpm).toBe(0);
    expect(load({ BULWARK_CALLER_RPM: '120' }).callerRpm).toBe(120);
    expect(load({ BULWARK_CALLER_RPM: '0' }).callerRpm).toBe(0);
  });

  it.each(['-1', 'lots', '1.5'])('refuses BULWARK_CALLER_RPM=%s, naming it', (value) => {
    expect(issuesOf(() => load({ BULWARK_CALLER_RPM: value }))).toEqual([
      { name: 'BULWARK_CALLER_RPM', message: 'expected a whole number ≥ 0' },
    ]);
  });
});

describe('loadConfig: proxy variables', () => {
  it('has no proxy by default', () => {
    expect(load({}).proxy).toEqual({});
  });

  it('reads the upper-case variables', () => {
    const { proxy } = load({
      HTTPS_PROXY: 'http://proxy.internal:3128',
      HTTP_PROXY: 'http://plain-proxy.internal:3128',
      NO_PROXY: 'localhost,.internal',
    });
    expect(proxy.httpsProxy?.reveal()).toBe('http://proxy.internal:3128');
    expect(proxy.httpProxy?.reveal()).toBe('http://plain-proxy.internal:3128');
    expect(proxy.noProxy).toBe('localhost,.internal');
  });

  it('reads the lower-case variables, which win over the upper-case ones', () => {
    const lower = load({ https_proxy: 'http://lower.internal:3128', no_proxy: '*' });
    expect(lower.proxy.httpsProxy?.reveal()).toBe('http://lower.internal:3128');
    expect(lower.proxy.noProxy).toBe('*');
    const both = load({
      https_proxy: 'http://lower.internal:3128',
      HTTPS_PROXY: 'http://upper.internal:3128',
      http_proxy: 'http://lower.internal:8080',
      HTTP_PROXY: 'http://upper.internal:8080',
      no_proxy: 'lower.example',
      NO_PROXY: 'upper.example',
    });
    expect(both.proxy.httpsProxy?.reveal()).toBe('http://lower.internal:3128');
    expect(both.proxy.httpProxy?.reveal()).toBe('http://lower.internal:8080');
    expect(both.proxy.noProxy).toBe('lower.example');
  });

  it('falls back to the upper-case variable when the lower-case one is empty', () => {
    const { proxy } = load({ https_proxy: ' ', HTTPS_PROXY: 'http://upper.internal:3128' });
    expect(proxy.httpsProxy?.reveal()).toBe('http://upper.internal:3128');
  });

  it('names the variable that holds a bad proxy URL, without quoting it', () => {
    const issues = issuesOf(() =>
      load({ https_proxy: 'socks5://user:hunter2-password@proxy:1080', HTTP_PROXY: 'not a url' }),
    );
    expect(issues).toEqual([
      { name: 'HTTP_PROXY', message: 'expected an http:// or https:// URL' },
      { name: 'https_proxy', message: 'expected an http:// or https:// URL' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('hunter2-password');
  });

  it('keeps proxy credentials masked in JSON and util.inspect', () => {
    const config = load({ HTTPS_PROXY: 'http://user:hunter2-password@proxy.internal:3128' });
    expect(JSON.stringify(config)).not.toContain('hunter2-password');
    expect(inspect(config, { depth: 10 })).not.toContain('hunter2-password');
  });
});
