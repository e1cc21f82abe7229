import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';

/** What a hook knows of the call it runs in. */
export interface HookContext {
  /** Identifies the call across its events. */
  callId: string;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
}

/**
 * Runs before a request is sent, after validation. Return a new request to
 * rewrite it (e.g. to redact personal data), or nothing to keep it. The
 * result is validated again. A hook that throws fails the call with a
 * `HookError` whose `cause` is the hook's error; nothing is sent.
 */
export type BeforeRequestHook = (
  request: ChatCompletionCreateParams,
  context: HookContext,
) => ChatCompletionCreateParams | undefined | Promise<ChatCompletionCreateParams | undefined>;

/**
 * Runs on a non-streaming completion before it is returned (streams are
 * returned chunk by chunk and pass no after hook). Return a new completion to
 * rewrite it, or nothing to keep it. A hook that throws fails the call with a
 * `HookError` whose `cause` is the hook's error.
 */
export type AfterResponseHook = (
  completion: ChatCompletion,
  context: HookContext,
) => ChatCompletion | undefined | Promise<ChatCompletion | undefined>;

/**
 * Runs before an embeddings request is sent, after validation, like a
 * {@link BeforeRequestHook} for chat. Return a new request to rewrite it, or
 * nothing to keep it; the result is validated again.
 */
export type BeforeEmbeddingsHook = (
  request: EmbeddingCreateParams,
  context: HookContext,
) => EmbeddingCreateParams | undefined | Promise<EmbeddingCreateParams | undefined>;

/**
 * Runs on an embeddings response before it is returned, like an
 * {@link AfterResponseHook} for chat. Return a new response to rewrite it,
 * or nothing to keep it.
 */
export type AfterEmbeddingsHook = (
  response: CreateEmbeddingResponse,
  context: HookContext,
) => CreateEmbeddingResponse | undefined | Promise<CreateEmbeddingResponse | undefined>;

/**
 * User pre- and post-processing, each list run in order. Chat calls run
 * `beforeRequest` and `afterResponse`; embeddings calls, whose requests and
 * responses have other shapes, run `beforeEmbeddings` and `afterEmbeddings`.
 */
export interface ClientHooks {
  /** Run in order before each chat request is sent. @default [] */
  beforeRequest?: readonly BeforeRequestHook[] | undefined;
  /** Run in order on each non-streaming completion. @default [] */
  afterResponse?: readonly AfterResponseHook[] | undefined;
  /** Run in order before each embeddings request is sent. @default [] */
  beforeEmbeddings?: readonly BeforeEmbeddingsHook[] | undefined;
  /** Run in order on each embeddings response. @default [] */
  afterEmbeddings?: readonly AfterEmbeddingsHook[] | undefined;
}
