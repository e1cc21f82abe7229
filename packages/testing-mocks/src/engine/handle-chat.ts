import type { Chaos, ChaosFault } from '../chaos/chaos.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { countPromptTokens } from '../tokens/count-tokens.js';
import { echoReply } from './echo-reply.js';
import { delay } from './abort.js';
import type { ChatBehavior } from './chat-behavior.js';
import { lastUserText } from './chat-matcher.js';
import type { ChatScript } from './chat-script.js';
import type { MockCall } from './mock-call.js';
import { modelNotFound } from './list-models.js';
import { openAIErrorResponse } from './openai-error.js';
import { parseChatRequest } from './parse-chat-request.js';
import { prepareAnswer } from './prepare-answer.js';

/** What the chat route works with. @internal */
export interface ChatRouteState {
  script: ChatScript;
  calls: MockCall[];
  unmatched: MockCall[];
  strict: boolean;
  now: () => number;
  limiter: RateLimiter | undefined;
  chaos: Chaos | undefined;
  /** Told of every call recorded (a deployment reports its calls to its mock). */
  onCall?: ((call: MockCall) => void) | undefined;
  /** Whether the default reply serves a model; absent: any (an Azure deployment decides the model). */
  servesModel?: ((model: string) => boolean) | undefined;
}

function chaosBehavior(fault: ChaosFault, stream: boolean): ChatBehavior {
  switch (fault) {
    case 'reset':
      return { kind: 'reset' };
    case 'hang':
      return { kind: 'hang' };
    case 'truncate':
      return stream
        ? { kind: 'truncate', options: { afterChunks: 2 } }
        : { kind: 'fail', status: 502, options: {} };
    case 429:
      return { kind: 'fail', status: 429, options: { retryAfterMs: 1000, retryAfter: 1 } };
    default:
      return { kind: 'fail', status: fault, options: {} };
  }
}

/**
 * `POST …/chat/completions`: parse, record, pick the scripted step (or chaos,
 * or the echo), enforce rate limits, answer.
 * @internal
 */
export async function handleChat(request: Request, state: ChatRouteState): Promise<Response> {
  const parsed = await parseChatRequest(request);
  if ('error' in parsed) return parsed.error;
  const { body } = parsed;
  const call: MockCall = {
    body,
    headers: Object.fromEntries(request.headers),
    url: request.url,
    method: request.method,
    time: state.now(),
  };
  state.calls.push(call);
  state.onCall?.(call);

  const selection = state.script.select(body, request);
  if (selection === undefined && state.strict) {
    state.unmatched.push(call);
    return openAIErrorResponse(500, {
      message: `No scripted reply matches this request (strict mock): model ${JSON.stringify(body.model)}, last user message ${JSON.stringify(lastUserText(body).slice(0, 80))}.`,
      type: 'server_error',
      code: 'mock_unmatched_request',
      shouldRetry: false,
    });
  }
  if (selection === undefined && state.servesModel?.(body.model) === false) {
    return modelNotFound(body.model);
  }
  const draw = selection === undefined ? state.chaos?.() : undefined;
  const behavior: ChatBehavior =
    selection?.behavior ??
    (draw?.fault === undefined
      ? { kind: 'reply', source: echoReply, options: {} }
      : chaosBehavior(draw.fault, body.stream === true));
  const exchange = {
    body,
    request,
    signal: request.signal,
    created: Math.floor(state.now() / 1000),
  };
  const answer = prepareAnswer(behavior, exchange);

  if (state.limiter) {
    const reserve = body.max_completion_tokens ?? body.max_tokens ?? answer.completionTokens;
    const decision = state.limiter.admit(countPromptTokens(body) + reserve, body.model);
    if (!decision.admitted) {
      const { retryAfterMs } = decision;
      return openAIErrorResponse(429, {
        message: decision.message,
        type: decision.type,
        code: 'rate_limit_exceeded',
        ...(retryAfterMs === undefined
          ? { shouldRetry: false }
          : { retryAfterMs, retryAfter: Math.ceil(retryAfterMs / 1000) }),
      });
    }
  }
  selection?.consume();
  if (draw !== undefined && draw.latencyMs > 0) await delay(draw.latencyMs, request.signal);
  return answer.respond();
}
