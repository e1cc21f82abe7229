import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { assertBuilt, killLeftovers, runBulwark, TEST_KEY } from './support/run-bulwark.js';

let server: MockServer;

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer();
});
afterEach(async () => {
  await killLeftovers();
});
afterAll(async () => {
  await server.close();
});

describe('bulwark doctor', { timeout: 20_000 }, () => {
  it('passes on a good configuration: masked key, reachable upstream, effective limits', async () => {
    const result = await runBulwark(['doctor'], {
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: server.url,
        BULWARK_RPM: '600',
        BULWARK_MAX_CONCURRENCY: '8',
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ configuration: valid');
    expect(result.stdout).toContain('✓ API key: sk-…cdef');
    expect(result.stdout).toMatch(
      /✓ upstream: http:\/\/127\.0\.0\.1:\d+\/v1 answered in \d+ ms \(GET \/models 200, \d+ models\)/,
    );
    expect(result.stdout).toContain('rate       rpm 600, tpm off');
    expect(result.stdout).toContain('bulkhead   8 in flight, 256 queued');
    expect(result.stdout).toContain('retry      4 attempts at most');
    expect(result.stdout).toContain(
      'telemetry  no OpenTelemetry export (no OTEL_EXPORTER_OTLP_ENDPOINT)',
    );
    expect(result.stdout + result.stderr).not.toContain(TEST_KEY);
  });

  it('shows where bulwark serve would export OpenTelemetry data, and bad OTEL_* settings', async () => {
    const env = { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.url };
    const exporting = await runBulwark(['doctor'], {
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:pw@collector.example:4318' },
    });
    expect(exporting.code).toBe(0);
    expect(exporting.stdout).toContain(
      'telemetry  OpenTelemetry traces to https://collector.example:4318/v1/traces (http/protobuf), metrics to https://collector.example:4318/v1/metrics (http/protobuf) every 60 s',
    );
    expect(exporting.stdout).not.toContain('pw@');
    const bad = await runBulwark(['doctor'], {
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('✗ configuration: OTEL_EXPORTER_OTLP_ENDPOINT:');
  });

  it('exits 2 and names every bad variable', async () => {
    const result = await runBulwark(['doctor'], {
      env: {
        OPENAI_API_KEY: TEST_KEY,
        OPENAI_BASE_URL: 'http://example.com/v1',
        BULWARK_TPM: '-5',
      },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('✗ configuration: OPENAI_BASE_URL:');
    expect(result.stdout).toContain('✗ configuration: BULWARK_TPM:');
    expect(result.stdout).not.toContain('✓ upstream');
  });

  it('exits 2 when no key is set', async () => {
    const result = await runBulwark(['doctor'], { env: { OPENAI_BASE_URL: server.url } });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '✗ API key: missing (set OPENAI_API_KEY or OPENAI_API_KEY_FILE)',
    );
  });

  it('exits 1 when the upstream is unreachable', async () => {
    const port = await freePort();
    const result = await runBulwark(['doctor'], {
      env: { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✗ upstream: http://127.0.0.1:${port}/v1 unreachable (ECONNREFUSED)`,
    );
    expect(result.stdout).toContain('effective settings:');
  });
});
