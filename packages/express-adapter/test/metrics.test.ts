import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredMetrics } from './read-prometheus-samples.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(() => gateway?.server.close());

function family(families: PrometheusFamily[], name: string): PrometheusFamily {
  const found = families.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`metric ${name} is missing`);
  return found;
}

/**
 * The gateway's metrics and their types: those the gateway documents
 * (with the per-key metrics of the key store), the per-call token
 * histogram, the per-key tokens and the per-deployment ones.
 */
const GATEWAY_METRICS = {
  bulwark_http_requests_total: 'counter',
  bulwark_http_request_duration_seconds: 'histogram',
  bulwark_retries_total: 'counter',
  bulwark_cache_hits_total: 'counter',
  bulwark_cache_misses_total: 'counter',
  bulwark_rate_limited_total: 'counter',
  bulwark_call_errors_total: 'counter',
  bulwark_tokens_total: 'counter',
  bulwark_cost_usd_total: 'counter',
  bulwark_circuit_state: 'gauge',
  bulwark_calls_in_flight: 'gauge',
  bulwark_time_to_first_token_seconds: 'histogram',
  bulwark_fallbacks_total: 'counter',
  bulwark_call_tokens: 'histogram',
  bulwark_deployment_answers_total: 'counter',
  bulwark_deployment_circuit_state: 'gauge',
  bulwark_deployment_usable: 'gauge',
  bulwark_key_requests_total: 'counter',
  bulwark_key_cost_usd_total: 'counter',
  bulwark_key_tokens_total: 'counter',
} as const;

describe('GET /metrics', () => {
  it('declares every metric on the first scrape, before any request', async () => {
    gateway = await startTestGateway();
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const declared = declaredMetrics(text);
    for (const [name, type] of Object.entries(GATEWAY_METRICS)) {
      expect({ name, type: declared.get(name) }).toEqual({ name, type });
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    // Nothing else under bulwark_ that this test does not know of.
    expect([...declared.keys()].filter((name) => name.startsWith('bulwark_')).sort()).toEqual(
      Object.keys(GATEWAY_METRICS).sort(),
    );
    // No call yet: no tokens, cost or time to first token.
    expect(text).not.toMatch(/^bulwark_(tokens_total|cost_usd_total|call_tokens|time_to)/m);
  });

  it('serves Prometheus text with process, request and client metrics', async () => {
    gateway = await startTestGateway({
      defaultMetrics: true,
      env: { BULWARK_MAX_ATTEMPTS: '2' },
    });
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    gateway.mock.onChat().failOnce(500, { retryAfterMs: 1 });
    await openai.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'count my tokens' }],
    });
    await fetch(`${gateway.url}/nowhere`);

    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const families = parsePrometheusTextFormat(text);

    expect(family(families, 'process_resident_memory_bytes').type).toBe('GAUGE');
    expect(family(families, 'nodejs_eventloop_lag_seconds').type).toBe('GAUGE');
    expect(family(families, 'process_cpu_seconds_total').type).toBe('COUNTER');

    const requests = family(families, 'bulwark_http_requests_total');
    expect(requests.metrics).toContainEqual({
      labels: { route: '/v1/chat/completions', method: 'POST', status: '200' },
      value: '1',
    });
    expect(requests.metrics).toContainEqual({
      labels: { route: 'unmatched', method: 'GET', status: '404' },
      value: '1',
    });
    const duration = family(families, 'bulwark_http_request_duration_seconds');
    expect(duration.type).toBe('HISTOGRAM');
    expect(duration.metrics[0]?.buckets?.['+Inf']).toMatch(/^\d+$/);
    // The parser keeps no labels on histogram samples: read the count line itself.
    expect(text).toContain(
      'bulwark_http_request_duration_seconds_count{route="/v1/chat/completions",method="POST",status="200"} 1\n',
    );

    expect(family(families, 'bulwark_retries_total').metrics[0]?.value).toBe('1');
    expect(family(families, 'bulwark_cache_hits_total').type).toBe('COUNTER');
    expect(family(families, 'bulwark_cache_misses_total').type).toBe('COUNTER');
    const tokens = family(families, 'bulwark_tokens_total').metrics;
    const prompt = tokens.find((sample) => sample.labels?.['kind'] === 'prompt');
    expect(Number(prompt?.value)).toBeGreaterThan(0);
    const cost = family(families, 'bulwark_cost_usd_total').metrics[0];
    expect(Number(cost?.value)).toBeGreaterThan(0);
    expect(family(families, 'bulwark_circuit_state').metrics).toContainEqual({
      labels: { state: 'closed' },
      value: '1',
    });
  });

  it('keeps each app on a registry of its own', async () => {
    gateway = await startTestGateway();
    const second = await startTestGateway();
    try {
      await fetch(`${second.url}/healthz`);
      const text = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(text).not.toContain('route="/healthz"');
    } finally {
      await second.server.close();
    }
  });
});
