import { serverEndpoint } from '../telemetry/server-endpoint.js';
import type { ClientEventMap } from '../events/client-events.js';
import type { EventEmitter } from '../events/create-event-emitter.js';
import { createResiliencePipeline } from '../policies/create-resilience-pipeline.js';
import type { ResiliencePipeline } from '../policies/resilience-pipeline.js';
import type { ClientRedis } from '../redis/open-client-redis.js';
import type { ResolvedDeployment } from '../routes/routes-config.js';
import { deploymentEndpoint } from '../routes/upstream-target.js';
import { createTransport } from '../transport/create-transport.js';
import { createOwnLimiter } from '../client/create-own-limiter.js';
import type { ResolvedClientOptions } from '../client/resolve-client-options.js';
import { Deployment } from './deployment.js';

/** What every deployment of a client shares. */
export interface DeploymentContext {
  /** The client's resolved options (resilience, connections, an injected fetch or dispatcher, proxy). */
  resolved: ResolvedClientOptions;
  /** The client's Redis, when it has one. */
  redis: ClientRedis | undefined;
  /** The client's events: the pipeline's are forwarded there. */
  events: EventEmitter<ClientEventMap>;
}

/** Forwards a pipeline's events to the client's, payloads unchanged. */
export function forwardPipelineEvents(
  pipeline: ResiliencePipeline,
  events: EventEmitter<ClientEventMap>,
): void {
  pipeline.onRetry((event) => events.emit('retry', event));
  pipeline.onCircuitOpen((event) => events.emit('circuitOpen', event));
  pipeline.onCircuitHalfOpen(() => events.emit('circuitHalfOpen', {}));
  pipeline.onCircuitClose(() => events.emit('circuitClose', {}));
  pipeline.onBulkheadRejected((event) => events.emit('bulkheadRejected', event));
}

/**
 * The client's own upstream (`baseURL` with `apiKey`, or an injected `fetch`
 * or `dispatcher`): what every call uses without routes, and a model
 * without a route uses with them.
 *
 * @param context - the client's options, Redis and events.
 * @returns the unnamed deployment.
 */
export function createOwnDeployment({ resolved, redis, events }: DeploymentContext): Deployment {
  const pipeline = createResiliencePipeline(resolved.resilience);
  forwardPipelineEvents(pipeline, events);
  const transport = createTransport({
    apiKey: resolved.apiKey,
    baseURL: resolved.baseURL,
    organization: resolved.organization,
    project: resolved.project,
    connections: resolved.upstreamConnections,
    dispatcher: resolved.dispatcher,
    fetch: resolved.fetch,
    proxy: resolved.proxy,
  });
  const given = resolved.rateLimiter;
  const limiter = given ?? createOwnLimiter(resolved, redis, events);
  const endpoint = serverEndpoint(resolved.baseURL, 'openai');
  return new Deployment(
    undefined,
    transport,
    pipeline,
    limiter,
    undefined,
    endpoint,
    given === undefined,
  );
}

/**
 * One deployment of the routes: its own transport (OpenAI or Azure OpenAI,
 * through the client's injected `fetch` or `dispatcher` when it has one),
 * its own pipeline (breaker, retries, bulkhead, with the client's settings)
 * and its own limiter from its `rpm`/`tpm` (in Redis, under its own
 * namespace, when the client has Redis).
 *
 * @param name - its name in the routes.
 * @param config - its validated settings.
 * @param context - the client's options, Redis and events.
 * @returns the deployment.
 */
export function createRoutedDeployment(
  name: string,
  config: ResolvedDeployment,
  { resolved, redis, events }: DeploymentContext,
): Deployment {
  const pipeline = createResiliencePipeline(resolved.resilience);
  forwardPipelineEvents(pipeline, events);
  const { baseURL, query } = deploymentEndpoint(config);
  const transport = createTransport({
    apiKey: config.apiKey.reveal(),
    baseURL,
    query,
    provider: config.provider,
    organization: config.provider === 'openai' ? config.organization : undefined,
    project: config.provider === 'openai' ? config.project : undefined,
    connections: resolved.upstreamConnections,
    dispatcher: resolved.dispatcher,
    fetch: resolved.fetch,
    proxy: resolved.proxy,
  });
  const limiter = createOwnLimiter(resolved, redis, events, {
    rpm: config.rpm ?? 0,
    tpm: config.tpm ?? 0,
    namespace: name,
  });
  const endpoint = serverEndpoint(baseURL, config.provider);
  return new Deployment(name, transport, pipeline, limiter, config.model, endpoint);
}
