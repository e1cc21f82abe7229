import type { OtelExportSettings, SignalExport } from './otel-export-settings.js';

/**
 * Where OpenTelemetry data goes, for the start-up line of `bulwark serve`
 * and for `bulwark doctor`, e.g. `traces to
 * http://collector:4318/v1/traces (http/protobuf), metrics to
 * http://collector:4318/v1/metrics (http/protobuf) every 60 s`. URLs are
 * shown without their user part and query, and headers never, since they
 * may hold credentials.
 *
 * @param settings - what is exported.
 */
export function describeOtelExport(settings: OtelExportSettings): string {
  const interval = `every ${settings.metricIntervalMs / 1000} s`;
  const metrics =
    settings.metrics === undefined ? 'none' : `${where(settings.metrics)} ${interval}`;
  return `traces to ${where(settings.traces)}, metrics to ${metrics}`;
}

/** One signal's destination: its OTLP URL and protocol, and any other exporter by name. */
function where(signal: SignalExport | undefined): string {
  if (signal === undefined) return 'none';
  return signal.exporters
    .map((exporter) =>
      exporter === 'otlp' && signal.url !== undefined
        ? `${printableUrl(signal.url)} (${signal.protocol ?? 'http/protobuf'})`
        : exporter,
    )
    .join(' and ');
}

/**
 * A URL fit to print: scheme, host and path only, since credentials can sit
 * in its user part or its query.
 *
 * @param url - the URL.
 */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unparsable URL)';
  }
}
