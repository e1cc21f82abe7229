import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { ChatRouteState } from './handle-chat.js';
import type { Script } from './chat-script.js';
import { embeddingDimensions, embeddingVector, FALLBACK_DIMENSIONS } from './embedding-vector.js';
import type { EmbeddingsBehavior } from './embeddings-handler-builder.js';
import type { EmbeddingsMatcher } from './embeddings-matcher.js';
import { embeddingsReply, inputTokens } from './embeddings-reply.js';
import { modelNotFound } from './list-models.js';
import type { MockEmbeddingsCall } from './mock-call.js';
import { openAIErrorResponse } from './openai-error.js';
import { parseEmbeddingRequest, type EmbeddingInputList } from './parse-embedding-request.js';

/** The most tokens of one input of OpenAI's embedding models. */
const MAX_INPUT_TOKENS = 8191;

/** What the embeddings route works with: the chat route's clock, limits and models, its own script. @internal */
export interface EmbeddingsRouteState extends Pick<
  ChatRouteState,
  'strict' | 'now' | 'limiter' | 'servesModel'
> {
  script: Script<EmbeddingCreateParams, EmbeddingsMatcher, EmbeddingsBehavior>;
  calls: MockEmbeddingsCall[];
  unmatched: MockEmbeddingsCall[];
  /** Told of every call recorded (a deployment reports its calls to its mock). */
  onCall?: ((call: MockEmbeddingsCall) => void) | undefined;
}

/**
 * `POST …/embeddings`: parse, record, pick the scripted step or the
 * default reply (deterministic unit vectors of the model's dimension),
 * enforce rate limits, answer.
 * @internal
 */
export async function handleEmbeddings(
  request: Request,
  state: EmbeddingsRouteState,
): Promise<Response> {
  const parsed = await parseEmbeddingRequest(request);
  if ('error' in parsed) return parsed.error;
  const { body, inputs } = parsed;
  const call: MockEmbeddingsCall = {
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
      message: `No scripted reply matches this embeddings request (strict mock): model ${JSON.stringify(body.model)}.`,
      type: 'server_error',
      code: 'mock_unmatched_request',
      shouldRetry: false,
    });
  }
  if (selection === undefined && state.servesModel?.(body.model) === false) {
    return modelNotFound(body.model);
  }
  const behavior = selection?.behavior;
  if (behavior?.kind === 'fail') {
    selection?.consume();
    return openAIErrorResponse(behavior.status, behavior.options);
  }
  const tokens = inputTokens(inputs, body.model);
  const promptTokens = tokens.reduce((sum, count) => sum + count, 0);
  const vectors =
    behavior === undefined
      ? defaultVectors(body, inputs, tokens)
      : scripted(behavior.source, body, request);
  if (vectors instanceof Response) return vectors;
  if (state.limiter) {
    const decision = state.limiter.admit(promptTokens, body.model);
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
  return embeddingsReply(body, vectors, promptTokens);
}

function scripted(
  source: Extract<EmbeddingsBehavior, { kind: 'reply' }>['source'],
  body: EmbeddingCreateParams,
  request: Request,
): Float32Array[] {
  const vectors = typeof source === 'function' ? source(body, request) : source;
  return vectors.map((vector) => Float32Array.from(vector));
}

/** The default reply's vectors, or OpenAI's 400 for an input too long or a `dimensions` the model refuses. */
function defaultVectors(
  body: EmbeddingCreateParams,
  inputs: EmbeddingInputList,
  tokens: readonly number[],
): Float32Array[] | Response {
  const known = embeddingDimensions(body.model);
  const native = known ?? FALLBACK_DIMENSIONS;
  const { dimensions } = body;
  if (dimensions !== undefined) {
    const message = body.model.includes('ada-002')
      ? 'This model does not support specifying dimensions.'
      : dimensions > native
        ? `Invalid value for 'dimensions' = ${dimensions}. Must be less than or equal to ${native}.`
        : undefined;
    if (message !== undefined) {
      return openAIErrorResponse(400, { message, param: 'dimensions', code: null });
    }
  }
  const longest = Math.max(...tokens);
  if (known !== undefined && longest > MAX_INPUT_TOKENS) {
    return openAIErrorResponse(400, {
      message: `This model's maximum context length is ${MAX_INPUT_TOKENS} tokens, however you requested ${longest} tokens (${longest} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
      param: null,
      code: 'context_length_exceeded',
    });
  }
  return inputs.map((input) => embeddingVector(body.model, input, native, dimensions ?? native));
}
