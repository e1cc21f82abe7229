import type { OperationContext } from '../policies/resilience-options.js';
import type { AbortEmitter, UpstreamRequest } from '../transport/transport.js';

/** The API path of chat completions, under the base URL. */
export const CHAT_COMPLETIONS_PATH = '/chat/completions';

/** The API path of embeddings, under the base URL. */
export const EMBEDDINGS_PATH = '/embeddings';

/**
 * One attempt's request, whose `signal` is made only if a transport reads it
 * (undici takes `abort`). A class rather than a literal with a getter, which
 * V8 would build through its runtime on every attempt.
 */
export class AttemptRequest implements UpstreamRequest {
  readonly abort: AbortEmitter;

  constructor(
    private readonly attempt: OperationContext,
    readonly path: string,
    readonly body: unknown,
    readonly requestId: string | undefined,
    readonly stream: boolean,
    readonly timeoutMs: number,
  ) {
    this.abort = attempt.abort;
  }

  get signal(): AbortSignal {
    return this.attempt.signal;
  }
}
