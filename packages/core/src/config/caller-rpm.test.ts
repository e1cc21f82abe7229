import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { loadConfig } from './load-config.js';

describe('loadConfig: BULWARK_CALLER_RPM', () => {
  it('is 0 (no per-caller limit) by default', () => {
    expect(loadConfig({ env: {}, cwd: tmpdir() }).callerRpm).toBe(0);
  });

  it('reads a whole number', () => {
    expect(loadConfig({ env: { BULWARK_CALLER_RPM: '1200' }, cwd: tmpdir() }).callerRpm).toBe(1200);
  });

  it.each(['-1', '1.5', 'many'])('refuses %s, naming the variable', (value) => {
    let thrown: unknown;
    try {
      loadConfig({ env: { BULWARK_CALLER_RPM: value }, cwd: tmpdir() });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues.map((issue) => issue.name)).toEqual([
      'BULWARK_CALLER_RPM',
    ]);
  });
});
