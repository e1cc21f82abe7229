import type { BulwarkClient } from '@bulwark/core';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CIRCUIT_STATES } from './circuit-states.js';
import { createCallMetrics } from './create-call-metrics.js';
import { SummedCounter, type CounterSeries } from './summed-counter.js';
import { SummedHistogram, type HistogramSeries } from './summed-histogram.js';
import { createDeploymentMetrics } from './create-deployment-metrics.js';
import { createKeyMetrics, type KeyMetrics } from './create-key-metrics.js';

/** One finished HTTP request, as {@link GatewayMetrics.recordRequest} takes it. */
export interface RequestSample {
  /** The route pattern (`/v1/chat/completions`), or `unmatched`. */
  route: string;
  /** The HTTP method. */
  method: string;
  /** The status sent, 499 when the client went away first. */
  status: number;
  /** Time from arrival to the end of the answer, in seconds. */
  seconds: number;
}

/** The gateway's Prometheus metrics. */
export interface GatewayMetrics {
  /** The registry `GET /metrics` serves. */
  readonly registry: Registry;
  /** Counts and times one HTTP request. */
  recordRequest(sample: RequestSample): void;
  /** Counts one answer by a deployment (`CallInfo.deployment`, with routes). */
  recordDeploymentAnswer(deployment: string): void;
  /** The per-key metrics of the store's keys (`bulwark_key_*`). */
  readonly keys: KeyMetrics;
  /** Stops listening to the client's events. */
  dispose(): void;
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** The client whose events (retries, cache, tokens, cost) and health are reported. */
  client: BulwarkClient;
  /** Where the metrics are registered. @default a new `Registry` */
  registry?: Registry | undefined;
  /** Add prom-client's default process metrics (memory, CPU, event-loop lag, …). @default true */
  defaultMetrics?: boolean | undefined;
}

/**
 * Creates the gateway's metrics on a registry of its own (so two gateways in
 * one process do not collide): prom-client's default process metrics,
 * `bulwark_http_requests_total{route,method,status}`,
 * `bulwark_http_request_duration_seconds{route,method,status}` (histogram),
 * and, from the client's events and health, `bulwark_retries_total`,
 * `bulwark_cache_hits_total`, `bulwark_cache_misses_total`,
 * `bulwark_rate_limited_total{limit}`, `bulwark_call_errors_total{code}`,
 * `bulwark_circuit_state{state}` (1 for the current state),
 * `bulwark_calls_in_flight` and `bulwark_fallbacks_total{from,to,reason}`;
 * each call's usage: `bulwark_tokens_total{model,kind}` (kind `prompt`,
 * `completion`, `cached`), `bulwark_cost_usd_total{model}`,
 * `bulwark_call_tokens{model,kind}` and
 * `bulwark_time_to_first_token_seconds{model}` (histograms; see
 * `createCallMetrics`). Every metric is declared (its `# HELP` and
 * `# TYPE` lines) from the first scrape, before any request.
 * With routes, also per deployment: `bulwark_deployment_answers_total`,
 * `bulwark_deployment_circuit_state{deployment,state}` and
 * `bulwark_deployment_usable` (see `createDeploymentMetrics`); without
 * routes these have no series. Per key of the key store (labelled with its
 * name): `bulwark_key_requests_total{key}`, `bulwark_key_cost_usd_total{key}`
 * and `bulwark_key_tokens_total{key,kind}` (see `createKeyMetrics`).
 *
 * @param options - the client, and the registry to use.
 */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const { client } = options;
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new SummedCounter({
    name: 'bulwark_http_requests_total',
    help: 'HTTP requests answered by the gateway.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const duration = new SummedHistogram({
    name: 'bulwark_http_request_duration_seconds',
    help: 'Time from a request to the end of its answer.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const retries = counter('bulwark_retries_total', 'Upstream attempts that were retried.', []);
  const cacheHits = counter('bulwark_cache_hits_total', 'Calls answered by the cache.', []);
  const cacheMisses = counter(
    'bulwark_cache_misses_total',
    'Calls the cache could not answer.',
    [],
  );
  const rateLimited = counter(
    'bulwark_rate_limited_total',
    'Calls held or refused by a rate limit.',
    ['limit'],
  );
  const errors = counter('bulwark_call_errors_total', 'Calls that failed, by error code.', [
    'code',
  ]);
  const stopCallMetrics = createCallMetrics(client, registers);
  new Gauge({
    name: 'bulwark_circuit_state',
    help: 'State of the circuit breaker: 1 for the current state, 0 for the others.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const { circuit } = client.health();
      for (const state of CIRCUIT_STATES) this.set({ state }, state === circuit ? 1 : 0);
    },
  });
  new Gauge({
    name: 'bulwark_calls_in_flight',
    help: 'Calls to the upstream started and not yet settled.',
    registers,
    collect() {
      this.set(client.health().inFlight);
    },
  });

  const fallbacks = counter(
    'bulwark_fallbacks_total',
    'Calls that moved on from one deployment (or route) to the next, by why.',
    ['from', 'to', 'reason'],
  );
  const deployments = createDeploymentMetrics(client, registers);
  const keys = createKeyMetrics(registers);

  function counter<Label extends string>(name: string, help: string, labelNames: Label[]) {
    return new Counter<Label>({ name, help, labelNames, registers });
  }

  const unsubscribers = [
    client.on('retry', () => retries.inc()),
    client.on('cacheHit', () => cacheHits.inc()),
    client.on('cacheMiss', () => cacheMisses.inc()),
    client.on('rateLimited', ({ limit }) => rateLimited.inc({ limit })),
    client.on('error', ({ error }) => errors.inc({ code: error.code })),
    stopCallMetrics,
    client.on('fallback', ({ from, to, reason }) => fallbacks.inc({ from, to, reason })),
  ];

  // The series of each (route, method, status) seen, made once: the label set is
  // bounded (route patterns, HTTP methods, statuses).
  const requestSeries = new Map<string, { counted: CounterSeries; timed: HistogramSeries }>();
  function seriesOf(route: string, method: string, status: number) {
    const key = `${route} ${method} ${status}`;
    let series = requestSeries.get(key);
    if (series === undefined) {
      const labels = { route, method, status: String(status) };
      series = { counted: requests.series(labels), timed: duration.series(labels) };
      requestSeries.set(key, series);
    }
    return series;
  }

  return {
    registry,
    recordRequest({ route, method, status, seconds }) {
      const series = seriesOf(route, method, status);
      series.counted.inc();
      series.timed.observe(seconds);
    },
    recordDeploymentAnswer: deployments.recordAnswer,
    keys,
    dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
