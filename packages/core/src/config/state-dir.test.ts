import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { loadConfig } from './load-config.js';

describe('loadConfig: BULWARK_STATE_DIR', () => {
  it('is ./.bulwark by default, kept relative (to the working folder of whoever opens the store)', () => {
    expect(loadConfig({ env: {}, cwd: tmpdir() }).stateDir).toBe('./.bulwark');
  });

  it('reads the folder as given, trimmed', () => {
    const env = { BULWARK_STATE_DIR: ' /var/lib/bulwark ' };
    expect(loadConfig({ env, cwd: tmpdir() }).stateDir).toBe('/var/lib/bulwark');
  });

  it('takes an override above the variable, and refuses an empty one by its name', () => {
    const env = { BULWARK_STATE_DIR: '/var/lib/bulwark' };
    const overrides = { stateDir: 'state' };
    expect(loadConfig({ env, cwd: tmpdir(), overrides }).stateDir).toBe('state');
    let thrown: unknown;
    try {
      loadConfig({ env: {}, cwd: tmpdir(), overrides: { stateDir: '' } });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigError.isInstance(thrown)).toBe(true);
    expect((thrown as ConfigError).issues).toEqual([
      { name: 'overrides.stateDir', message: 'expected a folder path' },
    ]);
  });
});
