import type { ClientEventMap } from '../events/client-events.js';
import type { EventListener } from '../events/create-event-emitter.js';
import type { ChatCompletions } from './chat-completions.js';
import type { JsonCompletion } from './json-completion.js';
import type { UsageTotals } from './usage-tracker.js';

/** What `client.health()` reports. */
export interface ClientHealth {
  /** Calls started and not yet settled (a stream settles when it ends). */
  inFlight: number;
  /** Running usage and cost of the client's calls. */
  usage: UsageTotals;
}

/** The client `createClient()` returns: the `openai` SDK's chat API, made resilient and safe. */
export interface BulwarkClient {
  /** The chat API, called exactly like the SDK's `openai.chat.completions`. */
  readonly chat: { readonly completions: ChatCompletions };
  /**
   * Asks for JSON and returns it parsed and validated against a zod schema.
   * @example
   * ```ts
   * const city = await client.json({
   *   messages: [{ role: 'user', content: 'Capital of France, as {"name": string}' }],
   *   schema: z.object({ name: z.string() }),
   * });
   * ```
   */
  readonly json: JsonCompletion;
  /**
   * Listens to an event (`request`, `response`, `error`, `retry`, …).
   * @returns a function that removes the listener.
   */
  on<Name extends keyof ClientEventMap>(
    name: Name,
    listener: EventListener<ClientEventMap[Name]>,
  ): () => void;
  /** Calls in flight and running usage and cost. */
  health(): ClientHealth;
  /**
   * Stops the client: new calls fail with `AbortError`, calls in flight are
   * awaited (streams already returned stay readable), then every listener is
   * removed. Calling it again is harmless.
   */
  close(): Promise<void>;
}
