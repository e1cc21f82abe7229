import { ConfigError } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { readOtelExportSettings } from './otel-export-settings.js';

const BASE = 'http://collector:4318';

describe('readOtelExportSettings', () => {
  it('exports nothing without an OTLP endpoint, or when the SDK is disabled', () => {
    expect(readOtelExportSettings({})).toBeUndefined();
    expect(readOtelExportSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
    expect(readOtelExportSettings({ OTEL_SERVICE_NAME: 'gateway' })).toBeUndefined();
    expect(
      readOtelExportSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: BASE, OTEL_SDK_DISABLED: 'TRUE' }),
    ).toBeUndefined();
  });

  it('appends the signal paths to the general endpoint, with http/protobuf by default', () => {
    expect(readOtelExportSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: `${BASE}/` })).toEqual({
      traces: { exporters: ['otlp'], url: `${BASE}/v1/traces`, protocol: 'http/protobuf' },
      metrics: { exporters: ['otlp'], url: `${BASE}/v1/metrics`, protocol: 'http/protobuf' },
      metricIntervalMs: 60_000,
    });
  });

  it('uses a signal endpoint as it is, and a signal protocol over the general one', () => {
    const settings = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/ingest',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_METRIC_EXPORT_INTERVAL: '15000',
    });
    expect(settings?.traces).toEqual({
      exporters: ['otlp'],
      url: 'https://traces.example/ingest',
      protocol: 'http/json',
    });
    // Without an endpoint of its own, a signal goes where the SDK sends it by default.
    expect(settings?.metrics?.url).toBe('http://localhost:4318/v1/metrics');
    expect(settings?.metrics?.protocol).toBe('http/protobuf');
    expect(settings?.metricIntervalMs).toBe(15_000);
  });

  it('turns a signal off with the exporter none, as the SDK does', () => {
    const settings = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: BASE,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'otlp,none',
    });
    expect(settings?.traces).toBeUndefined();
    expect(settings?.metrics).toBeUndefined();
    const other = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: BASE,
      OTEL_TRACES_EXPORTER: 'console, otlp',
      OTEL_METRICS_EXPORTER: 'prometheus',
    });
    expect(other?.traces?.exporters).toEqual(['console', 'otlp']);
    expect(other?.metrics).toEqual({ exporters: ['prometheus'] });
  });

  it('keeps grpc endpoints without a path', () => {
    const settings = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(settings?.traces?.url).toBe('http://collector:4317');
  });

  it('names every bad variable', () => {
    let caught: unknown;
    try {
      readOtelExportSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'ftp://collector',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http',
        OTEL_METRIC_EXPORT_INTERVAL: '0',
      });
    } catch (error) {
      caught = error;
    }
    expect(ConfigError.isInstance(caught)).toBe(true);
    expect((caught as ConfigError).issues.map((issue) => issue.name)).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      'OTEL_METRIC_EXPORT_INTERVAL',
    ]);
  });
});
