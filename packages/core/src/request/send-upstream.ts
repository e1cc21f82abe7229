import type { OperationContext } from '../policies/resilience-options.js';
import type { AbortEmitter, UpstreamRequest } from '../transport/transport.js';
import type { CallKind, KindContext } from './call-kind.js';
import { createCallLease } from './call-lease.js';
import { createCallRateLimit } from './create-call-rate-limit.js';
import type { PreparedCall } from './runtime.js';

/** The API path of chat completions, under the base URL. */
const CHAT_COMPLETIONS_PATH = '/chat/completions';

/**
 * Steps 4 to 9 of the request path, for a call the cache did not answer:
 * the resilience pipeline (bulkhead → retry → breaker → rate limiter →
 * attempt timeout) around one transport exchange per attempt, whose body the
 * call's kind reads up to where the attempt has succeeded.
 *
 * The call's bulkhead slot and its successful attempt's limiter grant are
 * one {@link CallLease}: taken here, handed to the answer, and released by
 * whoever consumes the body (or here, when no attempt succeeded).
 *
 * @param kind - how the answer's body is consumed.
 * @param context - the client's shared parts, the call, its scope.
 * @param signal - the signal of this upstream call (a shared flight's when coalesced).
 * @returns the kind's answer.
 */
export async function sendUpstream<Opened, Answer extends { requestId: string | undefined }>(
  kind: CallKind<Opened, Answer, unknown>,
  context: KindContext,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const { runtime, call, facts } = context;
  // No promise to wait for when the client has no limiter (the default).
  const rateLimit =
    runtime.rateLimiter === undefined ? undefined : await createCallRateLimit(runtime, call);
  // Only a stream's lease outlives `execute`, so only it must also end when the call is aborted.
  const lease = createCallLease(rateLimit, kind.stream ? signal : undefined);
  const timeoutMs = call.timeoutMs ?? runtime.options.timeoutMs;
  let opened: Opened;
  try {
    opened = await runtime.execute(
      async (attemptContext) => {
        const { attempt } = attemptContext;
        try {
          // A stream's body outlives its attempt: the call's own signal keeps cancelling it.
          const response = await runtime.transport.send(
            kind.stream && signal !== undefined
              ? {
                  path: CHAT_COMPLETIONS_PATH,
                  body: call.request,
                  stream: true,
                  signal: AbortSignal.any([attemptContext.signal, signal]),
                  timeoutMs,
                  requestId: call.requestId,
                }
              : new AttemptRequest(attemptContext, call, kind.stream, timeoutMs),
          );
          rateLimit?.learn(attempt, response.headers);
          const opening = kind.open(response, signal, context);
          const result = opening instanceof Promise ? await opening : opening;
          lease.bind(attempt);
          facts.attempts = attempt;
          facts.headers = response.headers;
          return result;
        } catch (error) {
          rateLimit?.failed(attempt, error);
          throw error;
        }
      },
      {
        signal,
        timeoutMs: call.timeoutMs,
        beforeAttempt: rateLimit?.beforeAttempt,
        // A completion's lease is released as soon as `execute` returns: only a stream holds on.
        holdSlotUntil: kind.stream ? () => lease.released : undefined,
      },
    );
  } catch (error) {
    lease.release();
    throw error;
  }
  return kind.finish(opened, lease, context);
}

/**
 * One attempt's request, whose `signal` is made only if a transport reads it
 * (undici takes `abort`). A class rather than a literal with a getter, which
 * V8 would build through its runtime on every attempt.
 */
class AttemptRequest implements UpstreamRequest {
  readonly path = CHAT_COMPLETIONS_PATH;
  readonly body: unknown;
  readonly abort: AbortEmitter;
  readonly requestId: string | undefined;

  constructor(
    private readonly attempt: OperationContext,
    call: PreparedCall,
    readonly stream: boolean,
    readonly timeoutMs: number,
  ) {
    this.body = call.request;
    this.abort = attempt.abort;
    this.requestId = call.requestId;
  }

  get signal(): AbortSignal {
    return this.attempt.signal;
  }
}
