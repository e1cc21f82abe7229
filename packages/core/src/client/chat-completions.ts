import type { Stream } from 'openai/core/streaming';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import type { CallUsage } from '../events/client-events.js';
import type { CallInfo } from './call-info.js';

/** A request as the SDK takes it, except that `model` may be left out (the client's default). */
export type ChatRequest<
  Params extends ChatCompletionCreateParamsBase = ChatCompletionCreateParamsBase,
> = Omit<Params, 'model'> & {
  /** The model; the client's `model` option when absent. */
  model?: Params['model'] | undefined;
};

/** Per-call options of `client.chat.completions.create()`. */
export interface CallOptions {
  /** Cancels the call: waiting, backoff, the HTTP request and the stream. */
  signal?: AbortSignal | undefined;
  /**
   * How the cache treats this call: `default` reads and writes, `bypass`
   * neither, `refresh` writes without reading.
   * @default 'default'
   */
  cache?: 'default' | 'bypass' | 'refresh' | undefined;
  /** Per-attempt timeout for this call, in milliseconds. @default the client's `timeoutMs` */
  timeoutMs?: number | undefined;
  /**
   * An id of your own for this call (e.g. a gateway's incoming
   * `x-request-id`), sent upstream as `X-Client-Request-Id` (the header
   * OpenAI records with the request) and as `X-Request-Id`.
   */
  requestId?: string | undefined;
  /**
   * Called once per call with its facts (attempts, cache outcome, upstream
   * request id, upstream `x-ratelimit-*` headers, deployment), whether it
   * succeeds or fails, so that a gateway can put `x-bulwark-attempts` on an
   * error answer too. On success: just before the result is returned (the
   * completion, or the stream, whose first chunk has then arrived). On
   * failure: just before the error is thrown, with the attempts made (e.g.
   * 3 for a 502 after three tries; 0 for a call refused before sending,
   * such as a validation error or an open circuit), the error's
   * `requestId` as `upstreamRequestId`, and no rate-limit headers. A stream
   * that fails after its first chunk was reported already and is not
   * reported again. The thrown error itself is unchanged, as the `openai`
   * SDK's would be. A listener that throws is logged and ignored.
   * @example
   * ```ts
   * await client.chat.completions.create(params, {
   *   onCallInfo: ({ attempts, cache }) => response.set('x-bulwark-attempts', String(attempts)),
   * });
   * ```
   */
  onCallInfo?: ((info: CallInfo) => void) | undefined;
  /**
   * Called once with the call's token counts and cost when it completes (a
   * stream: as it ends cleanly, its usage chunk read or its text counted);
   * not called when the call fails or a stream is given up. A cache hit
   * reports zeros (`source: 'cache'`). A listener that throws is logged and
   * ignored.
   */
  onUsage?: ((usage: CallUsage) => void) | undefined;
}

/** `client.chat.completions`: the SDK's method, with Bulwark's pipeline around it. */
export interface ChatCompletions {
  /**
   * Creates a chat completion exactly as the `openai` SDK does, through
   * validation, preflight, hooks and the transport.
   *
   * @returns the SDK's `ChatCompletion`; with `stream: true`, the SDK's
   * `Stream` of `ChatCompletionChunk`s, which raises `StreamTruncatedError`
   * when the body ends without `[DONE]` or without a `finish_reason`.
   * @throws {@link ValidationError} for a bad request, before any I/O.
   * @throws {@link ContextLengthExceededError} when the prompt cannot fit, before any I/O.
   * @throws {@link HookError} when a hook throws.
   * @throws {@link AbortError} when `options.signal` aborts.
   * @throws any other {@link BulwarkError} of the upstream (docs/errors.md).
   */
  create(
    params: ChatRequest<ChatCompletionCreateParamsNonStreaming>,
    options?: CallOptions,
  ): Promise<ChatCompletion>;
  /**
   * The streaming form (`stream: true`): resolves once the stream is open,
   * with the SDK's `Stream` of `ChatCompletionChunk`s.
   *
   * @throws the same errors as the non-streaming form; the stream itself
   * raises {@link StreamTruncatedError} when the body ends early.
   */
  create(
    params: ChatRequest<ChatCompletionCreateParamsStreaming>,
    options?: CallOptions,
  ): Promise<Stream<ChatCompletionChunk>>;
  /**
   * Either form, when `stream` is only known at run time (a `boolean`).
   *
   * @throws the same errors as the forms above.
   */
  create(
    params: ChatRequest,
    options?: CallOptions,
  ): Promise<ChatCompletion | Stream<ChatCompletionChunk>>;
}
