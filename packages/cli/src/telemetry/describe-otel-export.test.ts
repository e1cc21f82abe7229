import { describe, expect, it } from 'vitest';
import { describeOtelExport, printableUrl } from './describe-otel-export.js';
import { readOtelExportSettings } from './otel-export-settings.js';

describe('describeOtelExport', () => {
  it('says where each signal goes, and how often metrics are sent', () => {
    const settings = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRIC_EXPORT_INTERVAL: '10000',
    });
    expect(settings && describeOtelExport(settings)).toBe(
      'traces to http://collector:4318/v1/traces (http/json), metrics to http://collector:4318/v1/metrics (http/json) every 10 s',
    );
  });

  it('names other exporters and signals turned off', () => {
    const settings = readOtelExportSettings({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces',
      OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_METRICS_EXPORTER: 'none',
    });
    expect(settings && describeOtelExport(settings)).toBe(
      'traces to http://collector:4318/v1/traces (http/protobuf) and console, metrics to none',
    );
  });

  it('never prints credentials a URL carries', () => {
    const line = printableUrl(
      'https://user:s3cret@collector.example:4318/v1/traces?token=s3cret#x',
    );
    expect(line).toBe('https://collector.example:4318/v1/traces');
    expect(printableUrl('not a url')).not.toContain('not a url');
  });
});
