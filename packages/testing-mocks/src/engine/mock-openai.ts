import type { MockBatches } from '../batches/create-batch-api.js';
import type { MockBatchOptions } from '../batches/mock-batch-options.js';
import type { ChaosOptions } from '../chaos/chaos.js';
import type { MockDeployment, MockDeploymentOptions } from '../deployments/mock-deployment.js';
import type { MockFetch } from '../fetch/create-mock-fetch.js';
import type { RateLimitOptions } from '../rate-limit/rate-limiter.js';
import type { ChatHandlerBuilder } from './chat-handler-builder.js';
import type { ChatMatcher } from './chat-matcher.js';
import type { EmbeddingsHandlerBuilder } from './embeddings-handler-builder.js';
import type { EmbeddingsMatcher } from './embeddings-matcher.js';
import type { MockCall, MockEmbeddingsCall } from './mock-call.js';

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

/** An in-process fake of OpenAI's chat and embeddings API. */
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
   * Adds a scripted handler for embeddings requests that `matcher` matches
   * (all when absent), with the same priority rules as `onChat`. Requests no
   * handler answers get the default reply: deterministic unit vectors of
   * the model's dimension.
   * @example
   * ```ts
   * mock.onEmbeddings({ input: /secret/ }).failOnce(400, { message: 'flagged' });
   * mock.onEmbeddings().replyOnce([[1, 0, 0]]);
   * ```
   */
  onEmbeddings(matcher?: EmbeddingsMatcher): EmbeddingsHandlerBuilder;
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
  /** Every embeddings request received (parsed body, headers, url, method, time), in order. */
  readonly embeddingCalls: readonly MockEmbeddingsCall[];
  /**
   * Throws an `Error` listing the limited steps (`replyOnce`, …) never used
   * and, in `strict` mode, the unmatched requests (chat and embeddings).
   * @throws Error when anything scripted was left unused or a request was unmatched.
   */
  assertAllConsumed(): void;
  /** Forgets the script, the calls and the unmatched requests. */
  reset(): void;
}
