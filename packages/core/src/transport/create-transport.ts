import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { mapUpstreamError } from '../errors/map-upstream-error.js';
import { undiciFetch } from './undici-fetch.js';

/** Placeholder key for a client that talks to an injected `fetch` only (a mock). */
const NO_KEY = 'bulwark-no-api-key';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The key in clear; `undefined` only with an injected `fetch`. */
  apiKey: string | undefined;
  /** The upstream base URL. */
  baseURL: string;
  /** Sent as `OpenAI-Organization`. */
  organization: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project: string | undefined;
  /** The SDK's per-request timeout (until the response headers), in milliseconds. */
  timeoutMs: number;
  /** An injected `fetch`. @default {@link undiciFetch} */
  fetch: typeof fetch | undefined;
}

/** Per-attempt context of a transport call. */
export interface TransportContext {
  /**
   * Cancels this attempt (the caller's abort, or an attempt timeout). For a
   * completion, no listener is left on it once the call settles. For a
   * stream, it keeps cancelling the body until the stream is read, so it
   * should live no longer than the stream (the resilience pipeline's
   * per-attempt signal does).
   */
  signal: AbortSignal;
  /** Overrides the SDK timeout for this attempt, in milliseconds. */
  timeoutMs?: number | undefined;
  /** The caller's id for the call, sent as `X-Client-Request-Id` and `X-Request-Id`. */
  requestId?: string | undefined;
}

/** What one upstream attempt produced. */
export type TransportResult =
  | {
      /** A complete, non-streaming answer. */
      kind: 'completion';
      /** The SDK's completion. */
      completion: ChatCompletion;
      /** The upstream `x-request-id`. */
      requestId: string | undefined;
      /** The response headers (`x-ratelimit-*` feed the rate limiter). */
      headers: Headers;
    }
  | {
      /** A streaming answer: status 2xx, headers received, body unread. */
      kind: 'stream';
      /** The raw response, read by `readChatStream`. */
      response: Response;
      /** The upstream `x-request-id`. */
      requestId: string | undefined;
      /** The response headers (`x-ratelimit-*` feed the rate limiter). */
      headers: Headers;
    };

/**
 * One upstream HTTP attempt: the step the resilience pipeline wraps (retry,
 * breaker, attempt timeout). It never retries by itself.
 */
export type Transport = (
  request: ChatCompletionCreateParams,
  context: TransportContext,
) => Promise<TransportResult>;

/**
 * Creates the transport over the official `openai` SDK with `maxRetries: 0`
 * (Bulwark owns retries), the SDK's own logging off (core writes nowhere but
 * its logger), nothing read from the environment by the SDK, and
 * {@link undiciFetch} as its `fetch` unless one is injected. Failures are
 * mapped to Bulwark errors with {@link mapUpstreamError}, the key masked.
 *
 * @param options - upstream address, credentials and `fetch`.
 * @returns the transport step.
 */
export function createTransport(options: TransportOptions): Transport {
  const secrets = options.apiKey === undefined ? [] : [options.apiKey];
  const openai = new OpenAI({
    apiKey: options.apiKey ?? NO_KEY,
    baseURL: options.baseURL,
    organization: options.organization ?? null,
    project: options.project ?? null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: 'off',
    // The SDK is the transport either way; undici's request() only makes its HTTP cheaper.
    fetch: options.fetch ?? undiciFetch,
  });
  return async (request, context) => {
    const timeout = context.timeoutMs ?? options.timeoutMs;
    const headers =
      context.requestId === undefined
        ? undefined
        : { 'X-Client-Request-Id': context.requestId, 'X-Request-Id': context.requestId };
    if (request.stream === true) {
      try {
        const response = await openai.chat.completions
          .create(request, { signal: context.signal, timeout, maxRetries: 0, headers })
          .asResponse();
        return {
          kind: 'stream',
          response,
          requestId: response.headers.get('x-request-id') ?? undefined,
          headers: response.headers,
        };
      } catch (error) {
        throw mapUpstreamError(error, { secrets, signal: context.signal });
      }
    }
    // The SDK never removes the listener it adds to the signal it is given:
    // it gets a signal of this request only, linked to the caller's while the
    // request runs, so a long-lived caller signal collects nothing.
    const requestController = new AbortController();
    const abortRequest = (): void => requestController.abort(context.signal.reason);
    if (context.signal.aborted) abortRequest();
    context.signal.addEventListener('abort', abortRequest, { once: true });
    try {
      const { data, request_id, response } = await openai.chat.completions
        .create(
          { ...request, stream: false },
          { signal: requestController.signal, timeout, maxRetries: 0, headers },
        )
        .withResponse();
      return {
        kind: 'completion',
        completion: data,
        requestId: request_id ?? undefined,
        headers: response.headers,
      };
    } catch (error) {
      throw mapUpstreamError(error, { secrets, signal: context.signal });
    } finally {
      context.signal.removeEventListener('abort', abortRequest);
    }
  };
}
