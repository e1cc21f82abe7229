import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { AbortError, ValidationError } from '../errors/errors.js';
import { runHooks } from '../hooks/run-hooks.js';
import { findModel } from '../models/find-model.js';
import { MAX_TIMER_MS } from '../policies/resilience-options.js';
import { validateChatRequest } from '../validation/validate-chat-request.js';
import type { CallOptions, ChatRequest } from '../client/chat-completions.js';
import { preflight } from './preflight.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * Steps 1 and 2 of the request path: refuses a closed client, an aborted
 * signal and a bad `timeoutMs`; validates the request (the client's model
 * when it names none); runs the preflight for a known model (context window
 * and output bound, exact token count only when the byte bound cannot settle
 * it); runs the before hooks and validates what they return. No I/O.
 *
 * @param runtime - what the client's calls share.
 * @param params - the caller's request.
 * @param callOptions - the caller's per-call options.
 * @param call - the call's id, start time and signal.
 * @throws {@link ValidationError}, {@link ContextLengthExceededError}, {@link HookError} or {@link AbortError}.
 */
export async function prepareCall(
  runtime: ClientRuntime,
  params: ChatRequest,
  callOptions: CallOptions,
  call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal'>,
): Promise<PreparedCall> {
  const { options, schema } = runtime;
  const model = params.model ?? options.model;
  if (runtime.isClosed()) throw new AbortError({ message: 'The client is closed' });
  if (call.signal?.aborted === true) throw new AbortError({ message: 'The request was aborted' });
  const { timeoutMs } = callOptions;
  if (
    timeoutMs !== undefined &&
    !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS)
  ) {
    const message = `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${timeoutMs}`;
    throw new ValidationError({
      message,
      param: 'timeoutMs',
      issues: [{ path: 'timeoutMs', message }],
    });
  }
  let request = validateChatRequest(schema, { ...params, model }) as ChatCompletionCreateParams;
  const modelInfo = findModel(options.models, model);
  const checked = modelInfo === undefined ? undefined : preflight(request, modelInfo);
  // Awaited only while the tokenizer loads: the first calls of the process.
  const countPrompt = checked instanceof Promise ? await checked : checked;
  const hooks = options.hooks.beforeRequest;
  if (hooks.length > 0) {
    // Counted now: a hook may change the request it is given.
    countPrompt?.();
    request = await runHooks('beforeRequest', hooks, request, {
      callId: call.callId,
      signal: call.signal,
    });
    request = validateChatRequest(schema, request) as ChatCompletionCreateParams;
  }
  return new Prepared(call, request, modelInfo, countPrompt, callOptions);
}

/**
 * A {@link PreparedCall} whose prompt is counted on first read only (most
 * calls never need the exact figure). A class, not an object literal with a
 * getter: V8 builds such a literal through the runtime on every call, and the
 * object is read all along the request path.
 */
class Prepared implements PreparedCall {
  readonly callId: string;
  readonly model: string;
  readonly startedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly requestId: string | undefined;
  readonly onCallInfo: PreparedCall['onCallInfo'];
  readonly cacheMode: PreparedCall['cacheMode'];
  readonly #countPrompt: (() => number) | undefined;

  constructor(
    call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal'>,
    readonly request: ChatCompletionCreateParams,
    readonly modelInfo: PreparedCall['modelInfo'],
    countPrompt: (() => number) | undefined,
    callOptions: CallOptions,
  ) {
    this.callId = call.callId;
    this.model = request.model;
    this.startedAt = call.startedAt;
    this.signal = call.signal;
    this.timeoutMs = callOptions.timeoutMs;
    this.requestId = callOptions.requestId;
    this.onCallInfo = callOptions.onCallInfo;
    this.cacheMode = callOptions.cache ?? 'default';
    this.#countPrompt = countPrompt;
  }

  get promptTokens(): number | undefined {
    return this.#countPrompt?.();
  }
}
