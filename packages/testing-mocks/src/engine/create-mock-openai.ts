import { createChaos } from '../chaos/chaos.js';
import { createId } from '../builders/create-id.js';
import { createRateLimiter } from '../rate-limit/rate-limiter.js';
import { createMockFetch } from '../fetch/create-mock-fetch.js';
import { createDeploymentRegistry } from '../deployments/deployment-registry.js';
import { createBatchApi } from '../batches/create-batch-api.js';
import { executeBatchRow } from '../batches/execute-batch-row.js';
import { createChatHandlerBuilder } from './chat-handler-builder.js';
import { createChatScript, createScript } from './chat-script.js';
import { isAbortError } from './abort.js';
import { MockConnectionResetError } from './connection-reset.js';
import { handleChat, type ChatRouteState } from './handle-chat.js';
import {
  createEmbeddingsHandlerBuilder,
  type EmbeddingsHandler,
} from './embeddings-handler-builder.js';
import { matchesEmbeddings } from './embeddings-matcher.js';
import { handleEmbeddings, type EmbeddingsRouteState } from './handle-embeddings.js';
import type { MockOpenAI, MockOpenAIOptions } from './mock-openai.js';
import { DEFAULT_MODELS, listModels, retrieveModel, servesModel } from './list-models.js';
import type { MockCall, MockEmbeddingsCall } from './mock-call.js';
import { openAIErrorResponse } from './openai-error.js';
import { describeMatcher, safeDecode } from './engine-text.js';

export type { MockOpenAI, MockOpenAIOptions } from './mock-openai.js';

/**
 * Creates an in-process fake of OpenAI's chat and embeddings API: scripted
 * replies, streams and faults, a default reply echoing the last user
 * message, deterministic embeddings of the model's dimension, realistic
 * `usage`, `x-request-id` on every response, optional rate limits and chaos.
 *
 * @example
 * ```ts
 * const mock = createMockOpenAI();
 * mock.onChat().replyOnce('Hello!');
 * const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch });
 * ```
 */
export function createMockOpenAI(options: MockOpenAIOptions = {}): MockOpenAI {
  return createMockEngine(options, undefined).mock;
}

/**
 * {@link createMockOpenAI} with listeners told of every chat and embeddings call, and the
 * list of what was not used as scripted: what a deployment needs.
 * @internal
 */
export function createMockEngine(
  options: MockOpenAIOptions,
  onCall: ((call: MockCall) => void) | undefined,
  anyModel = false,
  onEmbeddingsCall?: (call: MockEmbeddingsCall) => void,
): { mock: MockOpenAI; problems: () => string[] } {
  const now = options.now ?? Date.now;
  const models = options.models ?? DEFAULT_MODELS;
  const state: ChatRouteState = {
    script: createChatScript(),
    calls: [],
    unmatched: [],
    strict: options.strict ?? false,
    now,
    limiter: options.rateLimit ? createRateLimiter(options.rateLimit, now) : undefined,
    chaos: options.chaos ? createChaos(options.chaos) : undefined,
    onCall,
    servesModel: anyModel ? undefined : (model) => servesModel(models, model),
  };
  const embeddings: EmbeddingsRouteState = {
    script: createScript(matchesEmbeddings),
    calls: [],
    unmatched: [],
    strict: state.strict,
    now,
    limiter: state.limiter,
    servesModel: state.servesModel,
    onCall: onEmbeddingsCall,
  };
  const deployments = createDeploymentRegistry({
    parent: options,
    create: createMockEngine,
    record: (call) => state.calls.push(call),
    recordEmbeddings: (call) => embeddings.calls.push(call),
  });
  for (const [name, deploymentOptions] of Object.entries(options.deployments ?? {})) {
    deployments.add(name, deploymentOptions);
  }

  const batchApi = createBatchApi({
    options: options.batches ?? {},
    now,
    execute: (url, body) => executeBatchRow(handle, url, body),
  });

  const route = (request: Request): Promise<Response> | Response => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '');
    const batchAnswer = batchApi.route(request, path);
    if (batchAnswer !== undefined) return batchAnswer;
    if (path.endsWith('/chat/completions') && request.method === 'POST') {
      return handleChat(request, state);
    }
    if (path.endsWith('/embeddings') && request.method === 'POST') {
      return handleEmbeddings(request, embeddings);
    }
    if (path.endsWith('/models') && request.method === 'GET') {
      return listModels(models, Math.floor(now() / 1000));
    }
    const model = /\/models\/([^/]+)$/.exec(path)?.[1];
    if (model !== undefined && request.method === 'GET') {
      return retrieveModel(models, safeDecode(model), Math.floor(now() / 1000));
    }
    return openAIErrorResponse(404, {
      message: `Invalid URL (${request.method} ${path})`,
    });
  };

  const handle = async (request: Request): Promise<Response> => {
    const routed = deployments.route(request);
    if (routed !== undefined) return routed;
    let response: Response;
    try {
      response = await route(request);
    } catch (error) {
      if (error instanceof MockConnectionResetError || isAbortError(error)) throw error;
      response = openAIErrorResponse(500, {
        message: `The mock failed to answer: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    response.headers.set('x-request-id', createId('req_', 32));
    for (const [name, value] of Object.entries(state.limiter?.headers() ?? {})) {
      response.headers.set(name, value);
    }
    return response;
  };

  const problems = (): string[] => [
    ...state.script.unconsumed().map((step) => `never used: ${step}`),
    ...embeddings.script.unconsumed().map((step) => `never used: ${step}`),
    ...[...state.unmatched, ...embeddings.unmatched].map(
      (call) => `unmatched request: model ${call.body.model} at ${call.url}`,
    ),
    ...deployments.problems(),
  ];

  const mock: MockOpenAI = {
    fetch: createMockFetch(handle),
    handle,
    batches: batchApi.api,
    deployment(name, deploymentOptions) {
      return deploymentOptions === undefined
        ? deployments.get(name)
        : deployments.add(name, deploymentOptions);
    },
    onChat(matcher) {
      const handler = { matcher, steps: [], description: describeMatcher('onChat', matcher) };
      state.script.add(handler);
      return createChatHandlerBuilder(handler);
    },
    onEmbeddings(matcher) {
      const description = describeMatcher('onEmbeddings', matcher);
      const handler: EmbeddingsHandler = { matcher, steps: [], description };
      embeddings.script.add(handler);
      return createEmbeddingsHandlerBuilder(handler);
    },
    get calls() {
      return state.calls;
    },
    get unmatched() {
      return state.unmatched;
    },
    get embeddingCalls() {
      return embeddings.calls;
    },
    assertAllConsumed() {
      const found = problems();
      if (found.length > 0) {
        throw new Error(`The OpenAI mock was not used as scripted:\n- ${found.join('\n- ')}`);
      }
    },
    reset() {
      state.script.clear();
      state.calls.length = 0;
      state.unmatched.length = 0;
      embeddings.script.clear();
      embeddings.calls.length = 0;
      embeddings.unmatched.length = 0;
      deployments.reset();
      batchApi.reset();
    },
  };
  return { mock, problems };
}
