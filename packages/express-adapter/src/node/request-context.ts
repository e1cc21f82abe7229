import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallInfo, CallOptions, CallUsage } from '@bulwark/core';
import type { KeyRecord } from '../keys/key-store.js';
import { takeCallAbort } from './call-abort-pool.js';

/** What the gateway knows about one HTTP request while it is handled. */
export interface RequestContext {
  /** The caller's `x-request-id` when it is usable, else a generated UUID. */
  requestId: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** The route's full pattern (`/v1/chat/completions`), or `unmatched`: the log and metric label. */
  route: string;
  /** Who the per-caller limit counts this request against (`key:…` or `ip:…`). */
  caller: string | undefined;
  /** The prompt, kept for the request's log line only when prompt logging is on. */
  prompt: unknown;
  /** The error code the request ended with, for the log line. */
  errorCode: string | undefined;
  /** Aborts the request's core call; fired when the client goes away before the answer is complete. */
  abort: AbortController | undefined;
  /**
   * What core reported about the call through `onCallInfo` (attempts, cache,
   * deployment), once it did: the answer's headers, also on an error answer,
   * and the deployment's count in the metrics.
   */
  callInfo?: CallInfo | undefined;
  /**
   * The call's tokens and cost, as core reported them through `onUsage`
   * once the call completed (a stream: once it ended cleanly): the log
   * line's `promptTokens`, `completionTokens`, `cachedTokens` and `costUsd`.
   */
  usage?: CallUsage | undefined;
  /** The key store's record of the caller's key, when it presented one (read on this request). */
  key?: KeyRecord | undefined;
}

const CONTEXT = Symbol.for('bulwark.requestContext');
// Printable ASCII, as OpenAI accepts for a client request id; anything else is replaced.
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

type WithContext = ServerResponse & { [CONTEXT]?: RequestContext };

/**
 * Starts the context of a request and attaches it to the response: its id
 * (the caller's `x-request-id` when usable, else a UUID) and start time.
 *
 * @param request - the incoming request.
 * @param response - its response, where the context is kept.
 * @param route - the route's full pattern, or `unmatched`.
 */
export function startRequestContext(
  request: IncomingMessage,
  response: ServerResponse,
  route: string,
): RequestContext {
  const incoming = request.headers['x-request-id'];
  const context: RequestContext = {
    requestId:
      typeof incoming === 'string' && USABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID(),
    startedAt: performance.now(),
    route,
    caller: undefined,
    prompt: undefined,
    errorCode: undefined,
    abort: undefined,
    callInfo: undefined,
    usage: undefined,
    key: undefined,
  };
  (response as WithContext)[CONTEXT] = context;
  return context;
}

/**
 * The context of a request handled by the gateway, or `undefined` when it
 * did not pass through it.
 *
 * @param response - the response (a `node:http` or an Express one).
 */
export function findRequestContext(response: ServerResponse): RequestContext | undefined {
  return (response as WithContext)[CONTEXT];
}

/**
 * The context of a request handled by the gateway.
 *
 * @param response - the response (a `node:http` or an Express one).
 * @throws TypeError when the request did not pass through the gateway.
 */
export function getRequestContext(response: ServerResponse): RequestContext {
  const context = findRequestContext(response);
  if (context === undefined) throw new TypeError('The request did not pass the gateway');
  return context;
}

/**
 * The options of the request's core call: an abort controller for its
 * signal (kept as `context.abort`, which the handler fires when the client
 * goes away, and gives back once the request closed, for a later call),
 * the request id, and what core reports of the call kept on the context
 * (`callInfo`, `usage`) for the answer's headers, the log line and a store
 * key's settlement.
 *
 * @param context - the request's context.
 */
export function coreCallOptions(context: RequestContext): CallOptions {
  const controller = takeCallAbort();
  context.abort = controller;
  return {
    signal: controller.signal,
    requestId: context.requestId,
    onCallInfo: (reported: CallInfo) => (context.callInfo = reported),
    onUsage: (usage: CallUsage) => (context.usage = usage),
  };
}
