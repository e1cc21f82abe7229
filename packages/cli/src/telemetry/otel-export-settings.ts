import { ConfigError, type ConfigIssue } from '@bulwark/core';

/** Where one signal (traces or metrics) goes, as the standard `OTEL_*` variables say. */
export interface SignalExport {
  /** The exporters named by `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER` (default `otlp`). */
  readonly exporters: readonly string[];
  /** The OTLP URL (`…/v1/traces`), when `otlp` is among the exporters. */
  readonly url?: string | undefined;
  /** The OTLP protocol: `http/protobuf` (default), `http/json` or `grpc`. */
  readonly protocol?: string | undefined;
}

/** What `bulwark serve` exports, read from the `OTEL_*` variables. */
export interface OtelExportSettings {
  /** Traces, or `undefined` when `OTEL_TRACES_EXPORTER=none`. */
  readonly traces: SignalExport | undefined;
  /** Metrics, or `undefined` when `OTEL_METRICS_EXPORTER` holds `none`. */
  readonly metrics: SignalExport | undefined;
  /** Milliseconds between metric exports (`OTEL_METRIC_EXPORT_INTERVAL`, default 60000). */
  readonly metricIntervalMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const ENDPOINT_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
] as const;
const PROTOCOLS = new Set(['http/protobuf', 'http/json', 'grpc']);

/**
 * Whether `bulwark serve` starts the OpenTelemetry SDK, and what it
 * exports (docs/observability.md): only when an OTLP endpoint is set
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, or the `_TRACES_` / `_METRICS_` one) and
 * `OTEL_SDK_DISABLED` is not `true`. The rest follows the OpenTelemetry
 * SDK's own reading of the variables: a signal-specific endpoint is used as
 * it is, the general one gets `/v1/traces` or `/v1/metrics` appended, and a
 * signal with no endpoint of its own goes to the SDK's default
 * (`http://localhost:4318`) unless its exporter is `none`. Where the SDK
 * would only warn and fall back (a bad URL, an unknown protocol, a bad
 * interval), this refuses to start instead.
 *
 * @param env - the environment.
 * @returns the settings, or `undefined` when nothing is exported.
 * @throws `ConfigError` naming each bad variable.
 */
export function readOtelExportSettings(env: Env): OtelExportSettings | undefined {
  if (value(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  if (ENDPOINT_VARIABLES.every((name) => value(env, name) === undefined)) return undefined;
  const issues: ConfigIssue[] = [];
  for (const name of ENDPOINT_VARIABLES) {
    const url = value(env, name);
    if (url !== undefined && !/^https?:$/.test(parseUrl(url)?.protocol ?? '')) {
      issues.push({ name, message: 'must be an http: or https: URL' });
    }
  }
  for (const name of [
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
  ]) {
    const protocol = value(env, name);
    if (protocol !== undefined && !PROTOCOLS.has(protocol)) {
      issues.push({ name, message: 'must be http/protobuf, http/json or grpc' });
    }
  }
  const rawInterval = value(env, 'OTEL_METRIC_EXPORT_INTERVAL');
  const interval = Number(rawInterval ?? 60_000);
  if (!(Number.isFinite(interval) && interval > 0)) {
    issues.push({ name: 'OTEL_METRIC_EXPORT_INTERVAL', message: 'must be milliseconds > 0' });
  }
  if (issues.length > 0) throw new ConfigError({ issues });
  const traceExporters = list(env, 'OTEL_TRACES_EXPORTER');
  const metricExporters = list(env, 'OTEL_METRICS_EXPORTER');
  return {
    // The SDK's rules: traces are off only when `none` comes first, metrics whenever it is listed.
    traces: traceExporters[0] === 'none' ? undefined : signal(env, 'TRACES', traceExporters),
    metrics: metricExporters.includes('none') ? undefined : signal(env, 'METRICS', metricExporters),
    metricIntervalMs: interval,
  };
}

/** One signal's exporters and, for OTLP, its URL and protocol. */
function signal(env: Env, name: 'TRACES' | 'METRICS', exporters: string[]): SignalExport {
  const named = exporters.filter((exporter) => exporter !== 'none');
  const used = named.length === 0 ? ['otlp'] : named;
  if (!used.includes('otlp')) return { exporters: used };
  const protocol =
    value(env, `OTEL_EXPORTER_OTLP_${name}_PROTOCOL`) ??
    value(env, 'OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  const specific = value(env, `OTEL_EXPORTER_OTLP_${name}_ENDPOINT`);
  const general = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const defaultBase = protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
  let url: string;
  if (specific !== undefined) url = specific;
  else if (protocol === 'grpc') url = general ?? defaultBase;
  else url = `${(general ?? defaultBase).replace(/\/$/, '')}/v1/${name.toLowerCase()}`;
  return { exporters: used, url, protocol };
}

/** The URL, or `undefined` when it does not parse. */
function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** A variable's trimmed value, `undefined` when unset or empty (as the SDK reads them). */
function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** A comma-separated variable as a list of trimmed, non-empty entries. */
function list(env: Env, name: string): string[] {
  return (value(env, name) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
