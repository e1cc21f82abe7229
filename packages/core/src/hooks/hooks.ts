import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';

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

/** User pre- and post-processing, each list run in order. */
export interface ClientHooks {
  /** Run in order before each request is sent. @default [] */
  beforeRequest?: readonly BeforeRequestHook[] | undefined;
  /** Run in order on each non-streaming completion. @default [] */
  afterResponse?: readonly AfterResponseHook[] | undefined;
}
