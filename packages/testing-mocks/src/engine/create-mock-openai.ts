import { createChaos, type ChaosOptions } from '../chaos/chaos.js';
import { createId } from '../builders/create-id.js';
import { createRateLimiter, type RateLimitOptions } from '../rate-limit/rate-limiter.js';
import { createMockFetch, type MockFetch } from '../fetch/create-mock-fetch.js';
import { createDeploymentRegistry } from '../deployments/deployment-registry.js';
import { createBatchApi, type MockBatches } from '../batches/create-batch-api.js';
import { executeBatchRow } from '../batches/execute-batch-row.js';
import type { MockBatchOptions } from '../batches/mock-batch-options.js';
import type { MockDeployment, MockDeploymentOptions } from '../deployments/mock-deployment.js';
import { createChatHandlerBuilder, type ChatHandlerBuilder } from './chat-handler-builder.js';
import type { ChatMatcher } from './chat-matcher.js';
import { createChatScript } from './chat-script.js';
import { isAbortError } from './abort.js';
import { MockConnectionResetError } from './connection-reset.js';
import { handleChat, type ChatRouteState } from './handle-chat.js';
import { DEFAULT_MODELS, listModels, retrieveModel, servesModel } from './list-models.js';
import type { MockCall } from './mock-call.js';
import { openAIErrorResponse } from './openai-error.js';

/** Options of {@link createMockOpenAI} (and of `startMockServer`). */
export interface MockOpenAIOptions {
  /**
   * Scripted-only mode: a chat request no handler matches is answered with a
   * 500 (`code: 'mock_unmatched_request'`, `x-should-retry: false`), recorded
   * in `mock.unmatched`, and makes `assertAllConsumed()` throw.
   * @default false (unmatched requests get the echo reply)
   */
  strict?: boolean;
  /**
   * The clock, in milliseconds: `created` of replies, `mock.calls[].time`,
   * rate-limit windows.
   * @default Date.now
   */
  now?: () => number;
  /** Enforce an account's limits: real 429s and `x-ratelimit-*` headers on every response. */
  rateLimit?: RateLimitOptions;
  /** Seeded random faults and latency for requests no scripted handler answers. */
  chaos?: ChaosOptions;
  /**
   * The models the mock serves: `GET /v1/models` lists them,
   * `GET /v1/models/{id}` finds them, and the default reply answers a chat
   * request for any other model (other than a dated snapshot or a fine-tune
   * `ft:<model>:…` of one) with OpenAI's 404 `model_not_found`. Scripted
   * replies answer whatever the model.
   * @default `DEFAULT_MODELS`: the models of `@bulwark/core`'s table, `gpt-3.5-turbo`, the embedding models
   */
  models?: readonly string[];
  /**
   * Deployments to serve besides the mock's own routes, by name (see
   * `mock.deployment()`): each under `/{name}/…`, with its own script,
   * faults and limits.
   */
  deployments?: Readonly<Record<string, MockDeploymentOptions>>;
  /** How batches of the Files and Batches API progress (`mock.batches`). */
  batches?: MockBatchOptions;
}

/** An in-process fake of OpenAI's chat API. */
export interface MockOpenAI {
  /**
   * A standard `fetch` answering from the mock, for `new OpenAI({ fetch })`
   * or `createClient({ fetch })`. Works with any base URL.
   */
  readonly fetch: MockFetch;
  /**
   * The engine: answers one standard `Request`. Rejects with an `AbortError`
   * when a hung request's signal aborts, and with a
   * `MockConnectionResetError` when the script resets the connection.
   */
  handle(request: Request): Promise<Response>;
  /**
   * Adds a scripted handler for chat requests that `matcher` matches (all
   * requests when absent) and returns its builder. Handlers are consulted in
   * registration order; limited steps (`replyOnce`, `failOnce`, `times`)
   * take priority over persistent ones, and are used in order.
   * @example
   * ```ts
   * mock.onChat({ model: 'gpt-4' }).replyOnce('first').replyOnce('second');
   * mock.onChat({ content: /weather/ }).fail(429, { retryAfterMs: 500 });
   * ```
   */
  onChat(matcher?: ChatMatcher): ChatHandlerBuilder;
  /**
   * Declares a deployment served under `/{name}/…` (`options` given), or
   * returns one already declared (`options` absent): an OpenAI one at
   * `/{name}/v1/chat/completions` with a Bearer key, or an Azure OpenAI one
   * at `/{name}/openai/deployments/{deployment}/chat/completions?api-version=…`
   * with an `api-key` header and Azure's error shapes. Each has its own
   * script, faults, limits and request log; its calls also appear in
   * `mock.calls` with their `deployment`.
   * @throws Error when `options` are given for a name already declared, or absent for an unknown one.
   * @example
   * ```ts
   * mock.deployment('azure-east', { provider: 'azure', apiKey: 'azure-key' }).onChat().fail(503);
   * mock.deployment('openai-main', { provider: 'openai' }).onChat().reply('from OpenAI');
   * ```
   */
  deployment(name: string, options?: MockDeploymentOptions): MockDeployment;
  /**
   * The Files and Batches API (`/v1/files`, `/v1/batches`): stored files and
   * batches, progress settings, and holds that stop a client at a given step.
   * Batch rows run through the same engine as chat requests, so scripted
   * failures become per-row errors.
   */
  readonly batches: MockBatches;
  /** Every chat request received (parsed body, headers, url, method, time), in order. */
  readonly calls: readonly MockCall[];
  /** Chat requests no scripted handler matched in `strict` mode. */
  readonly unmatched: readonly MockCall[];
  /**
   * Throws an `Error` listing the limited steps (`replyOnce`, …) never used
   * and, in `strict` mode, the unmatched requests.
   * @throws Error when anything scripted was left unused or a request was unmatched.
   */
  assertAllConsumed(): void;
  /** Forgets the script, the calls and the unmatched requests. */
  reset(): void;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function describeMatcher(matcher: ChatMatcher | undefined): string {
  if (matcher === undefined) return 'onChat()';
  if (typeof matcher === 'function') return 'onChat(predicate)';
  const fields = Object.entries(matcher).map(([key, value]) => `${key}: ${String(value)}`);
  return `onChat({ ${fields.join(', ')} })`;
}

/**
 * Creates an in-process fake of OpenAI's chat API: scripted replies, streams
 * and faults, a default reply echoing the last user message, realistic
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
 * {@link createMockOpenAI} with a listener told of every chat call, and the
 * list of what was not used as scripted: what a deployment needs.
 * @internal
 */
export function createMockEngine(
  options: MockOpenAIOptions,
  onCall: ((call: MockCall) => void) | undefined,
  anyModel = false,
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
  const deployments = createDeploymentRegistry({
    parent: options,
    create: createMockEngine,
    record: (call) => state.calls.push(call),
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
    ...state.unmatched.map((call) => `unmatched request: model ${call.body.model} at ${call.url}`),
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
      const handler = { matcher, steps: [], description: describeMatcher(matcher) };
      state.script.add(handler);
      return createChatHandlerBuilder(handler);
    },
    get calls() {
      return state.calls;
    },
    get unmatched() {
      return state.unmatched;
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
      deployments.reset();
      batchApi.reset();
    },
  };
  return { mock, problems };
}
