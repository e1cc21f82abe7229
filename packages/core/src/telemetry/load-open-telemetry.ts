import { createRequire } from 'node:module';
import type * as OpenTelemetry from '@opentelemetry/api';

/** The OpenTelemetry API, as `@opentelemetry/api` exports it. */
export type OpenTelemetryApi = typeof OpenTelemetry;

let loaded: OpenTelemetryApi | null | undefined;

/**
 * The `@opentelemetry/api` package when the application has it installed
 * (an optional peer dependency of Bulwark: imported, never bundled), else
 * `undefined`. Loaded once, synchronously, on first use. The API keeps its
 * registered SDK in a process-wide global, so this copy sees the SDK the
 * application registered with its own (see docs/observability.md).
 *
 * @returns the API, or `undefined` when it is not installed.
 */
export function loadOpenTelemetry(): OpenTelemetryApi | undefined {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}
