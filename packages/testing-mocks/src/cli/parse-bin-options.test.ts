import { describe, expect, it } from 'vitest';
import { parseBinOptions } from './parse-bin-options.js';

describe('parseBinOptions', () => {
  it('defaults to 127.0.0.1:8787', () => {
    expect(parseBinOptions([], {})).toEqual({
      help: false,
      options: { host: '127.0.0.1', port: 8787 },
    });
  });

  it('reads BULWARK_HOST and BULWARK_PORT, flags win', () => {
    const env = { BULWARK_HOST: '0.0.0.0', BULWARK_PORT: '9000' };
    expect(parseBinOptions([], env)).toMatchObject({ options: { host: '0.0.0.0', port: 9000 } });
    expect(parseBinOptions(['--port', '9100', '--host', '::1'], env)).toMatchObject({
      options: { host: '::1', port: 9100 },
    });
  });

  it('maps --rpm --tpm --seed --error-rate --latency-ms to the options', () => {
    const parsed = parseBinOptions(
      ['--rpm', '60', '--tpm', '1000', '--seed', '9', '--error-rate', '0.2', '--latency-ms', '50'],
      {},
    );
    expect(parsed).toMatchObject({
      options: {
        rateLimit: { rpm: 60, tpm: 1000 },
        chaos: { seed: 9, errorRate: 0.2, latencyMs: 50 },
      },
    });
  });

  it('rejects unknown flags and values that are not numbers', () => {
    expect(() => parseBinOptions(['--nope'], {})).toThrow();
    expect(() => parseBinOptions(['--rpm', 'many'], {})).toThrow(
      /--rpm expects a non-negative number/,
    );
  });

  it('asks for help with -h', () => {
    expect(parseBinOptions(['-h'], {})).toEqual({ help: true });
  });
});
