import type { ClientHealth, DeploymentHealth, RouteHealth } from '../client/bulwark-client.js';
import { BadRequestError } from '../errors/errors.js';
import type { CircuitStateName } from '../policies/create-circuit-breaker-policy.js';
import {
  createOwnDeployment,
  createRoutedDeployment,
  type DeploymentContext,
} from './create-deployment.js';
import type { Deployment } from './deployment.js';
import { createSharedCooldowns, type SharedCooldowns } from './shared-cooldowns.js';

/** The deployments a call may be sent to, in order. */
export interface RouteChain {
  /** The route's name; `undefined` for the client's own upstream. */
  readonly route: string | undefined;
  /** Tried in order. */
  readonly deployments: readonly Deployment[];
  /** Routes to use instead when the prompt does not fit this one's model. */
  readonly contextWindowFallbacks: readonly string[];
}

/** Picks each call's deployments, and holds every deployment of a client. */
export interface Router {
  /**
   * The chain of a model: its route's, else the client's own upstream's.
   * @throws {@link BadRequestError} (404, `model_not_found`) for a model without a route when the client has no upstream of its own.
   */
  chain(model: string): RouteChain;
  /** A route by name, when there is one. */
  route(name: string): RouteChain | undefined;
  /** How long a stream may take to send its first content, with routes. */
  readonly firstChunkTimeoutMs: number | undefined;
  /** Cooldowns shared through Redis, with routes and Redis. */
  readonly shared: SharedCooldowns | undefined;
  /** The client's own upstream, when it has one. */
  readonly own: Deployment | undefined;
  /** The breaker state(s) and queue for `health()`. */
  health(): Pick<ClientHealth, 'circuit' | 'queued' | 'deployments' | 'routes'>;
  /** Every deployment: to close, and for their limiters. */
  readonly all: readonly Deployment[];
}

/**
 * Builds the client's deployments: its own upstream (always without routes;
 * with routes when it has a key, a `fetch` or a `dispatcher`) and one per
 * deployment of its routes, each with its own transport, breaker, limits
 * and cooldown (see `docs/routes.md`).
 *
 * @param context - the client's options, Redis and events.
 * @returns the router.
 */
export function createRouter(context: DeploymentContext): Router {
  const { resolved, redis } = context;
  const routes = resolved.routes;
  const hasOwnUpstream =
    routes === undefined ||
    resolved.apiKey !== undefined ||
    resolved.fetch !== undefined ||
    resolved.dispatcher !== undefined;
  const own = hasOwnUpstream ? createOwnDeployment(context) : undefined;
  const ownChain: RouteChain | undefined =
    own === undefined
      ? undefined
      : { route: undefined, deployments: [own], contextWindowFallbacks: [] };
  const named = new Map<string, Deployment>();
  const chains = new Map<string, RouteChain>();
  const shared =
    routes !== undefined && redis !== undefined
      ? createSharedCooldowns(redis, resolved.logger)
      : undefined;
  for (const [name, config] of Object.entries(routes?.deployments ?? {})) {
    const deployment = createRoutedDeployment(name, config, context);
    // Other instances skip a deployment whose circuit opened here, for as long as it stays open.
    deployment.pipeline.onCircuitOpen(({ retryAfterMs }) => {
      const cooldown = { until: Date.now() + retryAfterMs, reason: 'circuit_open' as const };
      shared?.save(deployment, cooldown);
    });
    named.set(name, deployment);
  }
  for (const [name, route] of Object.entries(routes?.routes ?? {})) {
    chains.set(name, {
      route: name,
      deployments: route.deployments.map((deployment) => named.get(deployment) as Deployment),
      contextWindowFallbacks: route.contextWindowFallbacks,
    });
  }
  const all = [...(own === undefined ? [] : [own]), ...named.values()];
  return {
    chain(model) {
      const chain = chains.get(model) ?? ownChain;
      if (chain === undefined) {
        throw new BadRequestError({
          message: `The model '${model}' does not exist or you do not have access to it`,
          status: 404,
          code: 'model_not_found',
          param: 'model',
        });
      }
      return chain;
    },
    route: (name) => chains.get(name),
    firstChunkTimeoutMs: routes?.firstChunkTimeoutMs,
    shared,
    own,
    all,
    health() {
      const queued = all.reduce((sum, deployment) => sum + deployment.pipeline.health().queued, 0);
      if (routes === undefined && own !== undefined) {
        return { circuit: own.pipeline.health().circuit, queued };
      }
      const now = Date.now();
      const deployments: Record<string, DeploymentHealth> = {};
      for (const [name, deployment] of named) deployments[name] = deployment.health(now);
      const routeHealth: Record<string, RouteHealth> = {};
      let circuit: CircuitStateName = 'closed';
      for (const [name, chain] of chains) {
        const usable = chain.deployments.some(
          (deployment) => deployments[deployment.name as string]?.usable === true,
        );
        routeHealth[name] = { usable };
        if (!usable) circuit = 'open';
      }
      return { circuit, queued, deployments, routes: routeHealth };
    },
  };
}
