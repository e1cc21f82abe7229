import type { OutputStream } from '../cli-context.js';
import { describeOtelExport } from './describe-otel-export.js';
import { readOtelExportSettings } from './otel-export-settings.js';
import { settleWithin } from './settle-within.js';

/** The OpenTelemetry SDK `bulwark serve` started; see {@link startOtelExport}. */
export interface OtelExport {
  /** The start-up line saying where traces and metrics go (no headers, no URL credentials). */
  readonly description: string;
  /**
   * Exports what is left and stops the SDK, waiting at most
   * `SHUTDOWN_DEADLINE_MS`; when a collector has not answered by then, a
   * line on `stderr` says so and the wait ends (the export itself runs on
   * until its own timeout, `OTEL_EXPORTER_OTLP_TIMEOUT`).
   */
  shutdown(stderr: OutputStream): Promise<void>;
}

/** The longest wait for the last export on shutdown, in milliseconds. */
export const SHUTDOWN_DEADLINE_MS = 5000;

/**
 * Starts the OpenTelemetry Node SDK for `bulwark serve` when an OTLP
 * endpoint is set (see `readOtelExportSettings`), before the gateway's
 * client exists, so that core's meters and tracers are the SDK's. The SDK
 * is loaded only then (a serve without OpenTelemetry never loads it) and
 * configured by the standard `OTEL_*` variables of the process (exporters,
 * protocol, headers, batching, sampler, resource), with `service.name`
 * `bulwark` unless `OTEL_SERVICE_NAME` or `OTEL_RESOURCE_ATTRIBUTES` name
 * another, no auto-instrumentation (Bulwark makes its own spans) and no
 * log export. Exports run in the background: a slow or failing collector
 * costs the gateway dropped telemetry, never a failed or slower request.
 *
 * @param env - the environment, read for the decision and the start-up line.
 * @param stderr - where a failure to start is reported (the gateway then runs without export).
 * @returns the running export, or `undefined` when none is configured or it could not start.
 * @throws `ConfigError` naming each bad `OTEL_*` variable.
 */
export async function startOtelExport(
  env: Readonly<Record<string, string | undefined>>,
  stderr: OutputStream,
): Promise<OtelExport | undefined> {
  const settings = readOtelExportSettings(env);
  if (settings === undefined) return undefined;
  try {
    const { NodeSDK, resources } = await import('@opentelemetry/sdk-node');
    const sdk = new NodeSDK({
      // Detected resource attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) win over this default.
      resource: resources
        .defaultResource()
        .merge(resources.resourceFromAttributes({ 'service.name': 'bulwark' })),
      instrumentations: [],
      logRecordProcessors: [],
    });
    sdk.start();
    return {
      description: `OpenTelemetry: ${describeOtelExport(settings)}`,
      async shutdown(output) {
        if (!(await settleWithin(sdk.shutdown(), SHUTDOWN_DEADLINE_MS))) {
          output.write(
            `OpenTelemetry: the collector has not taken the last export after ${SHUTDOWN_DEADLINE_MS / 1000} s (it times out after OTEL_EXPORTER_OTLP_TIMEOUT, 10 s by default)\n`,
          );
        }
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    stderr.write(`OpenTelemetry: export not started (${reason}); serving without it\n`);
    return undefined;
  }
}
