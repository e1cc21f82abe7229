import { isBulwarkError } from '../errors/is-bulwark-error.js';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import type { ClientEventMap } from '../events/client-events.js';
import { createEventEmitter } from '../events/create-event-emitter.js';
import { createTransport } from '../transport/create-transport.js';
import type { BulwarkClient } from './bulwark-client.js';
import type { AttemptExecutor, ClientRuntime } from './call-context.js';
import type { ClientOptions } from './client-options.js';
import { createChatCompletions } from './create-chat-completions.js';
import { createJsonCompletion } from './json-completion.js';
import { resolveClientOptions } from './resolve-client-options.js';
import { createUsageTracker } from './usage-tracker.js';

const NEVER_ABORTED = new AbortController().signal;

/** Runs the transport step once: the pipeline without resilience policies. */
const executeOnce: AttemptExecutor = (operation, { signal }) =>
  operation({ attempt: 1, signal: signal ?? NEVER_ABORTED });

/**
 * Creates a Bulwark client: the official `openai` SDK (with `maxRetries: 0`)
 * as transport, behind request validation, preflight token counting, hooks,
 * typed errors, usage accounting and events.
 *
 * @param options - see {@link ClientOptions}; `createClient(loadConfig())` works.
 * @returns the client.
 * @throws {@link ConfigError} (code `invalid_config`) when neither `apiKey` nor `fetch` is given, or `baseURL` is not `https:` on a non-loopback host.
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.OPENAI_API_KEY });
 * const completion = await client.chat.completions.create({
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function createClient(options: ClientOptions = {}): BulwarkClient {
  const resolved = resolveClientOptions(options);
  const secrets = resolved.apiKey === undefined ? [] : [resolved.apiKey];
  const events = createEventEmitter<ClientEventMap>(resolved.logger);
  const usage = createUsageTracker();
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  const runtime: ClientRuntime = {
    options: resolved,
    transport: createTransport(resolved),
    execute: executeOnce,
    events,
    usage,
    toBulwarkError: (error, signal) =>
      isBulwarkError(error) ? error : mapUpstreamError(error, { secrets, signal }),
    isClosed: () => closed,
  };
  const completions = createChatCompletions(runtime);
  const tracked: typeof completions = {
    create: ((params: Parameters<typeof completions.create>[0], callOptions) => {
      const call = completions.create(params, callOptions);
      const settled = call.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return call;
    }) as typeof completions.create,
  };
  events.on('error', ({ callId, model, error }) => {
    resolved.logger.debug({ callId, model, error: error.toJSON() }, 'Chat completion failed');
  });
  return {
    chat: { completions: tracked },
    json: createJsonCompletion(tracked),
    on: (name, listener) => events.on(name, listener),
    health: () => ({ inFlight: usage.inFlight, usage: usage.totals() }),
    async close() {
      closed = true;
      await Promise.all(pending);
      events.clear();
    },
  };
}
