import { ServerError } from '../errors/errors.js';
import type { UpstreamResponse } from '../transport/transport.js';
import type { CallScope } from './call-kind.js';

/** A call without a signal of its own holds nothing to let go of. */
const NOTHING_TO_RELEASE = (): void => undefined;

/**
 * The scope of a call answered with one JSON body (a completion,
 * embeddings): the caller's signal as it is; nothing outlives the call.
 *
 * @param _runtime - unused: nothing of the client is held.
 * @param callerSignal - the caller's signal.
 */
export function callerScope(_runtime: unknown, callerSignal: AbortSignal | undefined): CallScope {
  return { signal: callerSignal, controller: undefined, release: NOTHING_TO_RELEASE };
}

/**
 * The JSON body of an attempt's answer, when it is what the call asked for.
 *
 * @param response - the transport's result.
 * @param isExpected - whether a parsed body has the expected shape.
 * @param what - the expected answer, for the error (`a chat completion`).
 * @returns the body.
 * @throws {@link ServerError} (not retryable) for a stream or a body of another shape.
 */
export function openJson<Body>(
  response: UpstreamResponse,
  isExpected: (body: unknown) => body is Body,
  what: string,
): Body {
  if (response.kind === 'json' && isExpected(response.body)) return response.body;
  throw new ServerError({
    message:
      response.kind === 'json'
        ? `The upstream answered with something other than ${what}`
        : 'The upstream answered with a stream',
    requestId: response.requestId,
    retryable: false,
  });
}
