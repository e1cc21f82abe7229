import type { ChaosOptions } from '../chaos/chaos.js';
import type { ChatHandlerBuilder } from '../engine/chat-handler-builder.js';
import type { ChatMatcher } from '../engine/chat-matcher.js';
import type { EmbeddingsHandlerBuilder } from '../engine/embeddings-handler-builder.js';
import type { EmbeddingsMatcher } from '../engine/embeddings-matcher.js';
import type { MockCall, MockEmbeddingsCall } from '../engine/mock-call.js';
import type { RateLimitOptions } from '../rate-limit/rate-limiter.js';

/** The API a mock deployment speaks. */
export type MockDeploymentProvider = 'openai' | 'azure';

/** Options of one mock deployment (`mock.deployment(name, options)`). */
export interface MockDeploymentOptions {
  /**
   * `openai`: served under `/{name}/v1/…` with `Authorization: Bearer`.
   * `azure`: served under `/{name}/openai/deployments/{deployment}/…?api-version=…`
   * (and the model list at `/{name}/openai/models?api-version=…`) with an
   * `api-key` header, answering errors in Azure's shape.
   */
  provider: MockDeploymentProvider;
  /**
   * The key the deployment accepts (Bearer for `openai`, `api-key` for
   * `azure`); any other gets a 401 in the provider's shape. Absent: any key
   * is accepted, but Azure still requires an `api-key` header.
   */
  apiKey?: string;
  /** Azure only: the deployment name expected in the URL. @default the mock deployment's name */
  deployment?: string;
  /**
   * Azure only: the `api-version` values served; another one gets a 400
   * `API version not supported`.
   * @default any `YYYY-MM-DD` or `YYYY-MM-DD-preview`
   */
  apiVersions?: readonly string[];
  /**
   * Azure only: the model a request without `model` is answered (and
   * recorded) with, since Azure's deployment decides the model.
   * @default 'gpt-4-1106-preview'
   */
  model?: string;
  /** This deployment's own limits: real 429s, and the `x-ratelimit-remaining-*` headers. */
  rateLimit?: RateLimitOptions;
  /** This deployment's own seeded faults and latency. */
  chaos?: ChaosOptions;
  /** Scripted-only mode for this deployment. @default the mock's `strict` */
  strict?: boolean;
}

/**
 * One deployment of a multi-deployment mock: its own script, faults,
 * limits and request log, reached under its own path prefix.
 *
 * @example
 * ```ts
 * const mock = createMockOpenAI();
 * const east = mock.deployment('azure-east', { provider: 'azure', apiKey: 'azure-key' });
 * east.onChat().failOnce(503);
 * const client = new AzureOpenAI({ endpoint: east.url(), apiKey: 'azure-key', apiVersion: '2024-10-21', deployment: 'azure-east', fetch: mock.fetch });
 * ```
 */
export interface MockDeployment {
  /** The name given to `mock.deployment()`: the first segment of its paths. */
  readonly name: string;
  /** The API it speaks. */
  readonly provider: MockDeploymentProvider;
  /**
   * The URL to configure a client with, under `origin`: for `openai` the
   * base URL `{origin}/{name}/v1`; for `azure` the endpoint
   * `{origin}/{name}` (the client appends `/openai/deployments/…`).
   * `mock.fetch` answers on any origin; a server's is its own.
   *
   * @param origin - scheme, host and port. @default 'http://127.0.0.1'
   */
  url(origin?: string): string;
  /** Adds a scripted handler for this deployment's chat requests (as `mock.onChat`). */
  onChat(matcher?: ChatMatcher): ChatHandlerBuilder;
  /** Adds a scripted handler for this deployment's embeddings requests (as `mock.onEmbeddings`). */
  onEmbeddings(matcher?: EmbeddingsMatcher): EmbeddingsHandlerBuilder;
  /** This deployment's chat requests, in order (each also in `mock.calls`). */
  readonly calls: readonly MockCall[];
  /** This deployment's embeddings requests, in order (each also in `mock.embeddingCalls`). */
  readonly embeddingCalls: readonly MockEmbeddingsCall[];
  /** This deployment's unmatched requests in strict mode. */
  readonly unmatched: readonly MockCall[];
  /** Throws when a limited step of this deployment was never used, or a request went unmatched. */
  assertAllConsumed(): void;
  /** Forgets this deployment's script, calls and unmatched requests. */
  reset(): void;
}
