import type {
  MeterProvider,
  ProxyTracerProvider,
  Tracer,
  TracerProvider,
} from '@opentelemetry/api';
import { NOOP_CALL_TRACE, type CallTrace } from './call-trace.js';
import { createGenAiInstruments, type GenAiInstruments } from './gen-ai-instruments.js';
import { loadOpenTelemetry, type OpenTelemetryApi } from './load-open-telemetry.js';
import { OtelCallTrace, type CallTraceStart } from './otel-call-trace.js';

/** The instrumentation scope of Bulwark's spans and metrics. */
export const INSTRUMENTATION_SCOPE = '@bulwark/core';

/** Options of {@link createTelemetry} (the client's `telemetry` option). */
export interface TelemetryOptions {
  /** Record prompts (`gen_ai.input.messages`) and answers (`gen_ai.output.messages`) on spans. */
  recordContent: boolean;
  /** A tracer provider of your own; else the globally registered one. */
  tracerProvider?: TracerProvider | undefined;
  /** A meter provider of your own; else the globally registered one. */
  meterProvider?: MeterProvider | undefined;
}

/** A client's reporting through OpenTelemetry; see {@link createTelemetry}. */
export interface Telemetry {
  /** The trace of a call that starts now: {@link NOOP_CALL_TRACE} while nothing records. */
  startCall(start: Omit<CallTraceStart, 'recordContent'>): CallTrace;
}

/**
 * A client's link to OpenTelemetry. Each call asks for the registered
 * providers again (an SDK may be registered after the client was made), but
 * the tracer and the instruments are made once per provider; while no SDK
 * is registered, or `@opentelemetry/api` is not installed, a call gets the
 * shared no-op trace and costs a couple of property reads.
 *
 * @param options - content recording, and providers of your own.
 * @param api - the API (tests); by default the installed `@opentelemetry/api`, if any.
 */
export function createTelemetry(
  options: TelemetryOptions,
  api: OpenTelemetryApi | undefined = loadOpenTelemetry(),
): Telemetry {
  if (api === undefined) return { startCall: () => NOOP_CALL_TRACE };
  let tracerSource: unknown;
  let tracer: Tracer | undefined;
  let meterSource: unknown;
  let instruments: GenAiInstruments | undefined;

  function currentTracer(otel: OpenTelemetryApi): Tracer | undefined {
    const provider: TracerProvider & Partial<ProxyTracerProvider> =
      options.tracerProvider ?? otel.trace.getTracerProvider();
    // The global provider is a proxy (of this copy of the API, or of the application's other
    // CJS or ESM copy): what counts is whether an SDK is behind it.
    const source =
      typeof provider.getDelegateTracer === 'function' && typeof provider.getDelegate === 'function'
        ? provider.getDelegateTracer(INSTRUMENTATION_SCOPE) && provider.getDelegate()
        : provider;
    if (source !== tracerSource) {
      tracerSource = source;
      tracer = source === undefined ? undefined : provider.getTracer(INSTRUMENTATION_SCOPE);
    }
    return tracer;
  }

  function currentInstruments(otel: OpenTelemetryApi): GenAiInstruments | undefined {
    const provider = options.meterProvider ?? otel.metrics.getMeterProvider();
    if (provider !== meterSource) {
      meterSource = provider;
      const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
      instruments = meter === otel.createNoopMeter() ? undefined : createGenAiInstruments(meter);
    }
    return instruments;
  }

  return {
    startCall(start) {
      const callTracer = currentTracer(api);
      const callInstruments = currentInstruments(api);
      if (callTracer === undefined && callInstruments === undefined) return NOOP_CALL_TRACE;
      const traced = Object.assign({}, start, { recordContent: options.recordContent });
      return new OtelCallTrace(api, callTracer, callInstruments, traced);
    },
  };
}
