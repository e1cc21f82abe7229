import type { Cached } from '../cache/response-cache.js';
import type { CallOptions } from '../client/chat-completions.js';
import type { CallKind, KindContext, UpstreamFacts } from './call-kind.js';
import { nextCallId } from './next-call-id.js';
import { reportFailedCallInfo } from './report-call-info.js';
import type { ClientRuntime } from './runtime.js';
import { sendUpstream } from './send-upstream.js';
import { startCallSettlement } from './settle-call.js';
import type { ServerEndpoint } from '../telemetry/call-trace.js';

/** Where a call goes before its route is known, when the client has no upstream of its own. */
const OPENAI_ENDPOINT: ServerEndpoint = Object.freeze({
  provider: 'openai',
  address: undefined,
  port: undefined,
});

/** How a call is marked when the client has no cache. */
const BYPASSED = Object.freeze({ outcome: 'bypass', key: undefined } as const);

/**
 * The request path: every call of `client.chat.completions.create()` and
 * `client.embeddings.create()` runs through it, top to bottom (see
 * `docs/architecture.md`, "Request path"):
 *
 * 1. **validate** the request and run the preflight (no I/O);
 * 2. **before hooks**, then validate what they return;
 * 3. **cache and coalescing**: a hit or an identical call in flight answers;
 * 4–9. otherwise **bulkhead → retry → breaker → rate limiter → attempt
 *    timeout → transport** (`sendUpstream`), the body read by the call's kind;
 * 10. **after hooks, accounting, events**, as the kind delivers the answer.
 *
 * A completion, a stream and embeddings differ only in their
 * {@link CallKind}: how the request is validated and checked, which API path
 * it goes to, how an attempt's body is consumed, and when the call's lease
 * (bulkhead slot and limiter grant) is released.
 *
 * @param runtime - what the client's calls share.
 * @param kind - a completion, a stream or embeddings.
 * @param params - the caller's request.
 * @param callOptions - the caller's per-call options.
 * @returns what the kind delivers: a `ChatCompletion`, a `Stream` or a `CreateEmbeddingResponse`.
 * @throws the call's `BulwarkError`, after reporting the call's facts to
 * `onCallInfo` (unless it was told already: a stream that fails later),
 * counting it and emitting `error`.
 */
export async function runCall<
  Opened,
  Answer extends { requestId: string | undefined },
  Result,
  Request,
  Params extends { model?: string | undefined },
>(
  runtime: ClientRuntime,
  kind: CallKind<Opened, Answer, Result, Request, Params>,
  params: Params,
  callOptions: CallOptions,
): Promise<Result> {
  const callId = nextCallId();
  const startedAt = performance.now();
  const model = params.model ?? runtime.options.model;
  const trace = runtime.telemetry.startCall({
    operation: kind.operation,
    model,
    request: params,
    endpoint: runtime.router.own?.endpoint ?? OPENAI_ENDPOINT,
    startedAt,
  });
  const settlement = startCallSettlement(runtime, {
    callId,
    model,
    stream: kind.stream,
    startedAt,
    onUsage: callOptions.onUsage,
    trace,
  });
  const scope = kind.scope(runtime, callOptions.signal);
  // Made once the call is prepared; a call refused before (validation, hooks) has none.
  let facts: UpstreamFacts | undefined;
  try {
    const preparing = kind.prepare(runtime, params, callOptions, {
      callId,
      startedAt,
      signal: scope.signal,
      trace,
    });
    // Awaited only when it is a promise: each await is a turn of the microtask queue.
    const call = preparing instanceof Promise ? await preparing : preparing;
    settlement.model = call.model;
    // Only when heard: a literal with a getter costs about a microsecond on Node 20.
    if (runtime.events.listens('request')) {
      runtime.events.emit('request', {
        callId,
        model: call.model,
        stream: kind.stream,
        get promptTokens() {
          return call.promptTokens;
        },
      });
    }
    facts = {
      attempts: 0,
      headers: undefined,
      usage: undefined,
      deployment: undefined,
      lookup: undefined,
      reported: false,
    };
    const context: KindContext<Request> = { runtime, call, scope, facts };
    const upstream = (signal: AbortSignal | undefined): Promise<Answer> =>
      sendUpstream(kind, context, signal);
    const cache = runtime.options.cache;
    const answer: Cached<Answer> =
      cache === undefined
        ? Object.assign({}, await upstream(scope.signal), BYPASSED)
        : await kind.lookup(cache, context, { mode: call.cacheMode }, upstream);
    const delivered = kind.deliver(answer, settlement, context);
    return delivered instanceof Promise ? await delivered : delivered;
  } catch (caught) {
    scope.release();
    const error = runtime.toBulwarkError(caught, callOptions.signal);
    reportFailedCallInfo(callOptions.onCallInfo, facts, error, runtime.options.logger);
    settlement.fail(error);
    throw error;
  }
}
