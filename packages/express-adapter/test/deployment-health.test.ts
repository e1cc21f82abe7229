import type { CallOptions, ClientHealth } from '@bulwark/core';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import {
  completionSaying,
  createStandInClient,
  infoFrom,
  type StandInClient,
} from './stand-in-client.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const request = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] };

async function start(): Promise<StandInClient> {
  const stand = createStandInClient();
  gateway = await startTestGateway({ client: stand.client });
  return stand;
}

function post(payload: object) {
  return fetch(`${gateway?.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

async function families(): Promise<PrometheusFamily[]> {
  return parsePrometheusTextFormat(await (await fetch(`${gateway?.url}/metrics`)).text());
}

function samples(all: PrometheusFamily[], name: string) {
  return all.find((family) => family.name === name)?.metrics ?? [];
}

/** Health with routes: `gpt-4o` over `azure-east` then `openai-backup`. */
function routed(eastUsable: boolean, backupUsable: boolean): Partial<ClientHealth> {
  const usable = eastUsable || backupUsable;
  return {
    circuit: usable ? 'closed' : 'open',
    deployments: {
      'azure-east': {
        circuit: eastUsable ? 'closed' : 'open',
        cooldownUntil: undefined,
        usable: eastUsable,
      },
      'openai-backup': {
        circuit: backupUsable ? 'closed' : 'half-open',
        cooldownUntil: backupUsable ? undefined : 1_700_000_000_000,
        usable: backupUsable,
      },
    },
    routes: { 'gpt-4o': { usable } },
  };
}

describe('metrics and readiness with routes and deployments', () => {
  it('counts fallbacks and answers per deployment, and reads their state at scrape time', async () => {
    const stand = await start();
    Object.assign(stand.health, routed(false, true));
    stand.call = (_params, options: CallOptions) => {
      stand.emit('fallback', {
        callId: 'c1',
        model: 'gpt-4o',
        from: 'azure-east',
        to: 'openai-backup',
        reason: 'server_error',
      });
      options.onCallInfo?.(infoFrom('openai-backup', 2));
      return completionSaying('hi');
    };
    await (await post(request)).text();
    await (await post(request)).text();
    const scraped = await families();
    expect(samples(scraped, 'bulwark_fallbacks_total')).toEqual([
      {
        labels: { from: 'azure-east', to: 'openai-backup', reason: 'server_error' },
        value: '2',
      },
    ]);
    expect(samples(scraped, 'bulwark_deployment_answers_total')).toEqual([
      { labels: { deployment: 'openai-backup' }, value: '2' },
    ]);
    const circuit = samples(scraped, 'bulwark_deployment_circuit_state');
    expect(circuit).toHaveLength(6);
    expect(circuit.filter((sample) => sample.value === '1')).toEqual([
      { labels: { deployment: 'azure-east', state: 'open' }, value: '1' },
      { labels: { deployment: 'openai-backup', state: 'closed' }, value: '1' },
    ]);
    expect(samples(scraped, 'bulwark_deployment_usable')).toEqual([
      { labels: { deployment: 'azure-east' }, value: '0' },
      { labels: { deployment: 'openai-backup' }, value: '1' },
    ]);
  });

  it('has no per-deployment series without routes', async () => {
    await start();
    await (await post(request)).text();
    const scraped = await families();
    for (const name of [
      'bulwark_fallbacks_total',
      'bulwark_deployment_answers_total',
      'bulwark_deployment_circuit_state',
      'bulwark_deployment_usable',
    ]) {
      expect(samples(scraped, name)).toEqual([]);
    }
  });

  it('is ready while every route has a usable deployment, and says which are down', async () => {
    const stand = await start();
    const readyz = async () => {
      const response = await fetch(`${gateway?.url}/readyz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    Object.assign(stand.health, routed(true, true));
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        circuit: 'closed',
        routes: { 'gpt-4o': { usable: true } },
        deployments: {
          'azure-east': { circuit: 'closed', usable: true },
          'openai-backup': { circuit: 'closed', usable: true },
        },
      },
    });
    Object.assign(stand.health, routed(false, true));
    expect(await readyz()).toMatchObject({
      status: 200,
      body: { status: 'degraded', deployments: { 'azure-east': { usable: false } } },
    });
    Object.assign(stand.health, routed(false, false));
    expect(await readyz()).toMatchObject({
      status: 503,
      body: {
        status: 'unavailable',
        circuit: 'open',
        routes: { 'gpt-4o': { usable: false } },
        deployments: {
          'openai-backup': {
            circuit: 'half-open',
            cooldownUntil: 1_700_000_000_000,
            usable: false,
          },
        },
      },
    });
  });
});
