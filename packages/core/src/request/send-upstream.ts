import { BulkheadRejectedError, CircuitOpenError } from '../errors/errors.js';
import type { AttemptAbort } from '../policies/attempt-abort.js';
import type { CallTrace } from '../telemetry/call-trace.js';
import { AttemptRequest } from './attempt-request.js';
import type { CallKind, KindContext } from './call-kind.js';
import { createCallLease } from './call-lease.js';
import type { FallbackReason } from '../events/client-events.js';
import type { Deployment } from '../routing/deployment.js';
import { cooldownMs, fallbackReason } from '../routing/fallback-reason.js';
import { FirstChunkTimer } from '../routing/first-chunk-timer.js';

/**
 * Steps 4 to 9 of the request path, for a call the cache did not answer, on
 * the deployments of its route in order (one, the client's own upstream,
 * without routes): on each, the resilience pipeline (bulkhead → retry →
 * breaker → rate limiter → attempt timeout) around one transport exchange
 * per attempt, whose body the call's kind reads up to where the attempt has
 * succeeded (a stream: its first content). A deployment that fails for a
 * reason another may not have (`fallbackReason`), or is known unusable
 * (open circuit, cooldown), passes the call on to the next, with a
 * `fallback` event; the last one's error is the call's.
 *
 * @param kind - how the answer's body is consumed.
 * @param context - the client's shared parts, the call, its scope.
 * @param signal - the signal of this upstream call (a shared flight's when coalesced).
 * @returns the kind's answer.
 */
export function sendUpstream<Opened, Answer extends { requestId: string | undefined }, Request>(
  kind: CallKind<Opened, Answer, unknown, Request, never>,
  context: KindContext<Request>,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const { deployments } = context.call.chain;
  // One deployment (no routes, the default): nothing to fall over to, no frame of its own.
  if (deployments.length === 1) return sendTo(kind, context, deployments[0] as Deployment, signal);
  return sendAcross(kind, context, deployments, signal);
}

/** {@link sendUpstream} on a route of several deployments, in order. */
async function sendAcross<Opened, Answer extends { requestId: string | undefined }, Request>(
  kind: CallKind<Opened, Answer, unknown, Request, never>,
  context: KindContext<Request>,
  deployments: readonly Deployment[],
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const { runtime } = context;
  await runtime.router.shared?.load(deployments);
  for (let index = 0; ; index += 1) {
    const deployment = deployments[index] as Deployment;
    const next = deployments[index + 1];
    if (next === undefined) return sendTo(kind, context, deployment, signal);
    const unusable = deployment.unusableBecause();
    if (unusable !== undefined) {
      fellOver(context, deployment, next, unusable);
      continue;
    }
    try {
      return await sendTo(kind, context, deployment, signal);
    } catch (caught) {
      const error = runtime.toBulwarkError(caught, signal);
      const reason = fallbackReason(error);
      if (reason === undefined) throw error;
      const waitMs = cooldownMs(reason, error);
      if (waitMs !== undefined) {
        const cooldown = { until: Date.now() + waitMs, reason };
        deployment.coolDown(cooldown);
        runtime.router.shared?.save(deployment, cooldown);
      }
      fellOver(context, deployment, next, reason);
    }
  }
}

function fellOver(
  { runtime, call }: KindContext<unknown>,
  from: Deployment,
  to: Deployment,
  reason: FallbackReason,
): void {
  const fromName = from.name ?? '';
  const toName = to.name ?? '';
  runtime.events.emit('fallback', {
    callId: call.callId,
    model: call.model,
    from: fromName,
    to: toName,
    reason,
  });
  call.trace.event('bulwark.fallback', {
    'bulwark.fallback.from': fromName,
    'bulwark.fallback.to': toName,
    'bulwark.fallback.reason': reason,
  });
}

/**
 * One deployment's part: its limiter, its pipeline, its transport. The
 * call's bulkhead slot and its successful attempt's limiter grant are one
 * {@link CallLease}: taken here, handed to the answer, and released by
 * whoever consumes the body (or here, when no attempt succeeded).
 */
async function sendTo<Opened, Answer extends { requestId: string | undefined }, Request>(
  kind: CallKind<Opened, Answer, unknown, Request, never>,
  context: KindContext<Request>,
  deployment: Deployment,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  const { runtime, call, facts } = context;
  // A call that fails reports the attempts made on the deployment whose error it ends with.
  facts.attempts = 0;
  facts.deployment = deployment.name;
  const limiter = deployment.rateLimiter;
  // No promise to wait for when the deployment has no limiter (the default).
  const rateLimit =
    limiter === undefined ? undefined : await kind.rateLimit(runtime, call, limiter);
  // Only a stream's lease outlives `execute`, so only it must also end when the call is aborted.
  const lease = createCallLease(rateLimit, kind.stream ? signal : undefined);
  const timeoutMs = call.timeoutMs ?? runtime.options.timeoutMs;
  const body = kind.body(call.request, deployment.model ?? call.chain.route ?? call.model);
  const firstChunkTimeoutMs = kind.stream ? runtime.router.firstChunkTimeoutMs : undefined;
  let opened: Opened;
  try {
    opened = await deployment.pipeline.execute(
      async (attemptContext) => {
        const { attempt } = attemptContext;
        facts.attempts = attempt;
        const traced = call.trace.attempt(attempt, deployment.endpoint, deployment.name);
        const firstChunk =
          firstChunkTimeoutMs === undefined
            ? undefined
            : new FirstChunkTimer(firstChunkTimeoutMs, attemptContext.abort);
        try {
          const response = await deployment.transport.send(
            new AttemptRequest(
              attemptContext,
              kind.path,
              body,
              call.requestId,
              kind.stream,
              timeoutMs,
            ),
          );
          rateLimit?.learn(attempt, response.headers);
          const opening = kind.open(response, signal, context);
          const result = opening instanceof Promise ? await opening : opening;
          lease.bind(attempt);
          // A stream's body outlives its attempt, whose abort no longer follows `signal` once it
          // has succeeded: from here the call's signal cancels the body through it.
          if (kind.stream) followAfterAttempt(signal, attemptContext.abort);
          facts.headers = response.headers;
          traced.succeed();
          return result;
        } catch (error) {
          rateLimit?.failed(attempt, error);
          // Whatever reading the aborted body threw, the attempt failed by its first-chunk timeout.
          const failure = firstChunk?.fired ?? error;
          if (call.trace.active) traced.fail(runtime.toBulwarkError(failure, signal));
          throw failure;
        } finally {
          firstChunk?.clear();
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
    if (call.trace.active) traceRefusal(call.trace, error, deployment);
    throw error;
  }
  return kind.finish(opened, lease, context);
}

/** Aborts `abort` when `signal` does (one listener: cheaper than `AbortSignal.any` on Node 20). */
function followAfterAttempt(signal: AbortSignal | undefined, abort: AttemptAbort): void {
  if (signal === undefined) return;
  if (signal.aborted) abort.abort(signal.reason);
  else signal.addEventListener('abort', () => abort.abort(signal.reason), { once: true });
}

/** A call the breaker or the bulkhead refused before any attempt: a span event. */
function traceRefusal(trace: CallTrace, error: unknown, deployment: Deployment): void {
  const attributes = deployment.name === undefined ? {} : { 'bulwark.deployment': deployment.name };
  if (CircuitOpenError.isInstance(error)) trace.event('bulwark.circuit.rejected', attributes);
  else if (BulkheadRejectedError.isInstance(error)) {
    trace.event('bulwark.bulkhead.rejected', attributes);
  }
}
