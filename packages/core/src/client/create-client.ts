import { AbortError } from '../errors/errors.js';
import { isBulwarkError } from '../errors/bulwark-error.js';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import type { ClientEventMap } from '../events/client-events.js';
import { createEventEmitter } from '../events/create-event-emitter.js';
import { openClientRedis } from '../redis/open-client-redis.js';
import { silentLogger } from '../logging/logger.js';
import { completionKind } from '../request/completion-kind.js';
import { embeddingKind } from '../request/embedding-kind.js';
import { runCall } from '../request/run-call.js';
import type { ClientRuntime } from '../request/runtime.js';
import { streamKind } from '../request/stream-kind.js';
import { createRouter } from '../routing/create-router.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { createChatRequestValidator } from '../validation/create-chat-request-validator.js';
import type { BulwarkClient } from './bulwark-client.js';
import type { ChatCompletions } from './chat-completions.js';
import type { Embeddings } from './embeddings.js';
import type { ClientOptions } from './client-options.js';
import { createJsonCompletion } from './json-completion.js';
import { resolveClientOptions, type ResolvedClientOptions } from './resolve-client-options.js';
import { createUsageTracker } from './usage-tracker.js';

/**
 * Creates a Bulwark client (`client.chat.completions`, `client.embeddings`,
 * `client.json`): undici's `request()` on a keep-alive pool per
 * upstream origin as transport (or an injected `fetch` or `dispatcher`), behind
 * request validation, preflight token counting, hooks, one resilience pipeline
 * shared by all its calls (bulkhead, retry, circuit breaker, attempt timeout,
 * optional deadline: see `createResiliencePipeline`),
 * a client-side rate limiter when `rateLimit` sets a limit (see
 * `createTokenBucketLimiter`, or `createRedisRateLimiter` with a `redis`
 * option) or `rateLimiter` gives one, a response cache with coalescing of
 * identical calls in flight (`cache`, on by default for deterministic
 * requests; in Redis with `store: 'redis'`), typed errors, usage accounting
 * and events. A Redis connection the client opened (`redis.url`) is closed
 * by `close()`.
 *
 * @param options - see {@link ClientOptions}; `createClient(loadConfig())` works.
 * @returns the client.
 * @throws {@link ConfigError} (code `invalid_config`) when neither `apiKey` nor `fetch` is given (a loopback `baseURL` needs no key), `baseURL` is not `https:` on a non-loopback host, a resilience or cache setting is out of range, `redis.url` is not a `redis:`/`rediss:` URL, or `cache.store` is `redis` without a `redis` option.
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.OPENAI_API_KEY });
 * const completion = await client.chat.completions.create({
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function createClient(options: ClientOptions = {}): BulwarkClient {
  const events = createEventEmitter<ClientEventMap>(options.logger ?? silentLogger);
  const redis = openClientRedis(options.redis, options.logger ?? silentLogger);
  let resolved: ResolvedClientOptions;
  try {
    resolved = resolveClientOptions(options, {
      redis,
      onCacheError: (error, operation) =>
        events.emit('cacheError', {
          operation,
          reason: error instanceof Error ? error.message : String(error),
        }),
    });
  } catch (error) {
    void redis?.close();
    throw error;
  }
  const secrets = [
    ...(resolved.apiKey === undefined ? [] : [resolved.apiKey]),
    ...Object.values(resolved.routes?.deployments ?? {}).map(({ apiKey }) => apiKey.reveal()),
  ];
  const usage = createUsageTracker();
  // Calls in progress, counted rather than kept: `close()` waits for the count to reach zero.
  let running = 0;
  let drained: { promise: Promise<void>; resolve: () => void } | undefined;
  const settled = (): void => {
    running -= 1;
    if (running === 0 && drained !== undefined) {
      drained.resolve();
      drained = undefined;
    }
  };
  const streams = new Set<AbortController>();
  const router = createRouter({ resolved, redis, events });
  let closed = false;
  const runtime: ClientRuntime = {
    options: resolved,
    validateChat: createChatRequestValidator(resolved.limits),
    router,
    events,
    usage,
    telemetry: createTelemetry(resolved.telemetry),
    toBulwarkError: (error, signal) =>
      isBulwarkError(error) ? error : mapUpstreamError(error, { secrets, signal }),
    isClosed: () => closed,
    trackStream(controller) {
      streams.add(controller);
      return () => streams.delete(controller);
    },
  };
  const completions = {
    create: ((params: Parameters<ChatCompletions['create']>[0], callOptions = {}) => {
      const call =
        params.stream === true
          ? runCall(runtime, streamKind, params, callOptions)
          : runCall(runtime, completionKind, params, callOptions);
      // `close()` waits for calls in progress (a stream: until it is open).
      running += 1;
      call.then(settled, settled);
      return call;
    }) as ChatCompletions['create'],
  };
  const embeddings: Embeddings = {
    create(params, callOptions = {}) {
      const call = runCall(runtime, embeddingKind, params, callOptions);
      running += 1;
      call.then(settled, settled);
      return call;
    },
  };
  events.on('error', ({ callId, model, error }) => {
    resolved.logger.debug({ callId, model, error: error.toJSON() }, 'Call failed');
  });
  return {
    chat: { completions },
    embeddings,
    json: createJsonCompletion(completions),
    on: (name, listener) => events.on(name, listener),
    health() {
      const { circuit, queued, deployments, routes } = router.health();
      // Calls waiting for a bulkhead slot have started (usage counts them) but are not in flight.
      return {
        circuit,
        inFlight: usage.inFlight - queued,
        queued,
        usage: usage.totals(),
        rateLimit: router.own?.rateLimiter?.health(),
        cache: resolved.cache?.stats(),
        redis:
          redis === undefined
            ? undefined
            : redis.connection.status === 'ready'
              ? 'ready'
              : 'unavailable',
        ...(deployments === undefined ? {} : { deployments, routes }),
      };
    },
    async close() {
      closed = true;
      const reason = new AbortError({ message: 'The client was closed' });
      for (const controller of streams) controller.abort(reason);
      // Calls still waiting for rate-limit capacity have sent nothing: they end now.
      await Promise.all(router.all.map((deployment) => deployment.disposeLimiter()));
      if (running > 0) {
        if (drained === undefined) {
          let resolve = (): void => undefined;
          const promise = new Promise<void>((done) => (resolve = done));
          drained = { promise, resolve };
        }
        await drained.promise;
      }
      await Promise.all(router.all.map((deployment) => deployment.close()));
      await redis?.close();
      events.clear();
    },
  };
}
