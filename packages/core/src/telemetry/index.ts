/**
 * `@bulwark/core/telemetry`: how Bulwark reports through OpenTelemetry
 * (docs/observability.md). Everything here is a no-op unless the
 * application installed `@opentelemetry/api` and registered an SDK.
 *
 * @module @bulwark/core/telemetry
 */
export { loadOpenTelemetry, type OpenTelemetryApi } from './load-open-telemetry.js';
