import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ContextLengthExceededError, ValidationError } from '../errors/errors.js';
import type { RouteChain } from '../routing/create-router.js';
import { runHooks } from '../hooks/run-hooks.js';
import { findModel } from '../models/find-model.js';
import type { ModelInfo } from '../models/model-info.js';
import type { CallOptions, ChatRequest } from '../client/chat-completions.js';
import { checkCallStart } from './check-call-start.js';
import { preflight } from './preflight.js';
import { Call } from './prepared-call.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * Steps 1 and 2 of the request path for a chat completion: refuses a closed client, an aborted
 * signal and a bad `timeoutMs`; validates the request (the client's model
 * when it names none); runs the preflight for a known model (context window
 * and output bound, exact token count only when the byte bound cannot settle
 * it); runs the before hooks and validates what they return. No I/O.
 *
 * @param runtime - what the client's calls share.
 * @param params - the caller's request.
 * @param callOptions - the caller's per-call options.
 * @param call - the call's id, start time and signal.
 * @returns the prepared call; a promise of it only when something must be waited for.
 * @throws {@link ValidationError}, {@link ContextLengthExceededError}, {@link HookError} or {@link AbortError}.
 */
export function prepareCall(
  runtime: ClientRuntime,
  params: ChatRequest,
  callOptions: CallOptions,
  call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal' | 'trace'>,
): PreparedCall | Promise<PreparedCall> {
  const { options, validateChat } = runtime;
  const model = params.model ?? options.model;
  checkCallStart(runtime, callOptions, call.signal);
  // The check outputs a new object, so the caller's request is never changed.
  const input = params.model === undefined ? withModel(params, model) : params;
  const request = validateChat(input);
  const chain = runtime.router.chain(model);
  const modelInfo = findModel(options.models, model);
  let checked: (() => number) | Promise<() => number> | undefined;
  try {
    checked = modelInfo === undefined ? undefined : preflight(request, modelInfo);
  } catch (error) {
    checked = Promise.reject(error as Error);
  }
  // The usual call settles here, without a promise of its own: no hook, a loaded tokenizer, a fit.
  if (checked instanceof Promise || options.hooks.beforeRequest.length > 0) {
    return finishPreparing(
      runtime,
      callOptions,
      call,
      { model, chain, request, modelInfo },
      checked,
    );
  }
  return new Call(call, request, modelInfo, checked, callOptions, chain);
}

/** What the first part of {@link prepareCall} settled: the route, the request, its model. */
interface Routed {
  /** The model the caller asked for (the client's when none). */
  model: string;
  chain: RouteChain;
  request: ChatCompletionCreateParams;
  modelInfo: ModelInfo | undefined;
}

/**
 * The rest of {@link prepareCall} when it must wait: for the tokenizer to
 * load, for a larger model when the request is too long for its own, or
 * for the before hooks.
 */
async function finishPreparing(
  runtime: ClientRuntime,
  callOptions: CallOptions,
  call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal' | 'trace'>,
  routed: Routed,
  checked: (() => number) | Promise<() => number> | undefined,
): Promise<PreparedCall> {
  const { model } = routed;
  let { chain, request, modelInfo } = routed;
  let countPrompt: (() => number) | undefined;
  try {
    // Awaited only while the tokenizer loads (the first calls of the process), or to fail.
    countPrompt = await checked;
  } catch (error) {
    const larger = ContextLengthExceededError.isInstance(error)
      ? await largerRoute(runtime, chain, request)
      : undefined;
    if (larger === undefined) throw error;
    const from = chain.route ?? model;
    const to = larger.chain.route ?? larger.request.model;
    runtime.events.emit('fallback', {
      callId: call.callId,
      model,
      from,
      to,
      reason: 'context_window',
    });
    call.trace.event('bulwark.fallback', {
      'bulwark.fallback.from': from,
      'bulwark.fallback.to': to,
      'bulwark.fallback.reason': 'context_window',
    });
    ({ chain, request, modelInfo, countPrompt } = larger);
  }
  const hooks = runtime.options.hooks.beforeRequest;
  if (hooks.length > 0) {
    // Counted now: a hook may change the request it is given.
    countPrompt?.();
    request = await runHooks('beforeRequest', hooks, request, {
      callId: call.callId,
      signal: call.signal,
    });
    request = runtime.validateChat(request);
  }
  return new Call(call, request, modelInfo, countPrompt, callOptions, chain);
}

/**
 * The first of a route's `contextWindowFallbacks` whose model the request
 * fits (by the preflight: no call is made), with the request for it.
 */
async function largerRoute(
  runtime: ClientRuntime,
  chain: RouteChain,
  request: ChatCompletionCreateParams,
) {
  for (const name of chain.contextWindowFallbacks) {
    const route = runtime.router.route(name);
    const modelInfo = findModel(runtime.options.models, name);
    if (route === undefined || modelInfo === undefined) continue;
    const rerouted = withModel(request, name) as ChatCompletionCreateParams;
    try {
      const countPrompt = await preflight(rerouted, modelInfo);
      return { chain: route, request: rerouted, modelInfo, countPrompt };
    } catch (error) {
      // Too long for this one too, or asking more output than its model gives: the next may fit.
      if (!ContextLengthExceededError.isInstance(error) && !ValidationError.isInstance(error)) {
        throw error;
      }
    }
  }
  return undefined;
}

/** The request with the client's model; a copy, the field set after the spread (the fast path). */
function withModel<T extends ChatRequest>(params: T, model: string): T {
  const copy = { ...params };
  copy.model = model;
  return copy;
}
