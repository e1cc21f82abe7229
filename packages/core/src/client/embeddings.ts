import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { CallOptions } from './chat-completions.js';

/** `client.embeddings`: the SDK's method, with Bulwark's pipeline around it. */
export interface Embeddings {
  /**
   * Creates embeddings exactly as the `openai` SDK's `embeddings.create()`
   * does (`POST /embeddings`), on the same request path as chat: validation
   * and preflight (no input above the model's 8191 tokens), the
   * `beforeEmbeddings`/`afterEmbeddings` hooks, the cache and coalescing
   * (on for every embeddings request, whatever `cache.when` says:
   * embeddings are deterministic; `options.cache` still bypasses or
   * refreshes), bulkhead, retry, breaker, rate limiter (the input's tokens),
   * routes and deployments, usage and cost, events and telemetry.
   *
   * The response is the upstream's, untouched: with `encoding_format:
   * 'base64'` each `embedding` is the base64 text of little-endian float32
   * values (typed `number[]` as in the SDK); without it, or with `float`,
   * arrays of numbers.
   *
   * @param params - the SDK's `EmbeddingCreateParams`; `model` is required.
   * @param options - the same per-call options as chat.
   * @returns the SDK's `CreateEmbeddingResponse`.
   * @throws {@link ValidationError} for a bad request, before any I/O.
   * @throws {@link ContextLengthExceededError} when an input is longer than the model takes, before any I/O.
   * @throws {@link HookError} when a hook throws.
   * @throws {@link AbortError} when `options.signal` aborts.
   * @throws any other {@link BulwarkError} of the upstream (docs/errors.md).
   * @example
   * ```ts
   * const { data } = await client.embeddings.create({
   *   model: 'text-embedding-3-small',
   *   input: ['first text', 'second text'],
   * });
   * ```
   */
  create(params: EmbeddingCreateParams, options?: CallOptions): Promise<CreateEmbeddingResponse>;
}
