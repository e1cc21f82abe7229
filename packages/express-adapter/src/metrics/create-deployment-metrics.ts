import type { BulwarkClient } from '@bulwark/core';
import { Gauge, type Registry } from 'prom-client';
import { CIRCUIT_STATES } from './circuit-states.js';
import { SummedCounter } from './summed-counter.js';

/** The per-deployment metrics; see {@link createDeploymentMetrics}. */
export interface DeploymentMetrics {
  /** Counts one answer by a deployment. */
  recordAnswer(deployment: string): void;
}

/**
 * The metrics of the client's deployments (with routes, see `docs/operations.md`):
 * `bulwark_deployment_answers_total{deployment}`, counted by the gateway
 * for each call whose call info names the deployment that answered, and,
 * read from `client.health().deployments` at scrape time,
 * `bulwark_deployment_circuit_state{deployment,state}` (1 for the
 * deployment's current breaker state, as `bulwark_circuit_state`) and
 * `bulwark_deployment_usable{deployment}` (1 while a call may be sent to
 * it). Without routes none of them has a series.
 *
 * @param client - the client whose health is read.
 * @param registers - where the metrics are registered.
 */
export function createDeploymentMetrics(
  client: BulwarkClient,
  registers: Registry[],
): DeploymentMetrics {
  const answers = new SummedCounter({
    name: 'bulwark_deployment_answers_total',
    help: 'Calls answered, by the deployment that answered (with routes).',
    labelNames: ['deployment'] as const,
    registers,
  });
  new Gauge({
    name: 'bulwark_deployment_circuit_state',
    help: "State of each deployment's circuit breaker: 1 for the current state, 0 for the others.",
    labelNames: ['deployment', 'state'] as const,
    registers,
    collect() {
      // Reset first: a series is only for a deployment the client has now.
      this.reset();
      const deployments = client.health().deployments;
      if (deployments === undefined) return;
      for (const [deployment, { circuit }] of Object.entries(deployments)) {
        for (const state of CIRCUIT_STATES) {
          this.set({ deployment, state }, state === circuit ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'bulwark_deployment_usable',
    help: 'Whether a call may be sent to the deployment now (1) or not (0: breaker open, cooling down).',
    labelNames: ['deployment'] as const,
    registers,
    collect() {
      this.reset();
      const deployments = client.health().deployments;
      if (deployments === undefined) return;
      for (const [deployment, { usable }] of Object.entries(deployments)) {
        this.set({ deployment }, usable ? 1 : 0);
      }
    },
  });

  // The series of each deployment, made once: deployments are a fixed set from the routes.
  const children = new Map<string, { inc(): void }>();
  return {
    recordAnswer(deployment) {
      let child = children.get(deployment);
      if (child === undefined) {
        child = answers.series({ deployment });
        children.set(deployment, child);
      }
      child.inc();
    },
  };
}
