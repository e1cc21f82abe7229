import type { EventEmitter } from 'node:events';

/**
 * The transport contract: one upstream HTTP exchange, nothing more. The
 * request path (see `docs/architecture.md`, "Request path") calls it once per
 * attempt; retries, limits and the breaker sit around it, never inside.
 */

/** Response headers, looked up by lower-case name. */
export interface UpstreamHeaders {
  /** The header's value (several joined with `, `), or `undefined` when absent. */
  get(name: string): string | undefined;
  /** Every header, lower-case names. */
  entries(): Iterable<[string, string]>;
  /**
   * Calls `visit` with every header, lower-case names, as `Headers.forEach`
   * does: the cheap way to copy some of them (`x-ratelimit-*`), with no
   * generator or pair per header.
   */
  forEach(visit: (value: string, name: string) => void): void;
}

/** A cancellation as an `EventEmitter`, the cheap kind of `signal` undici accepts. */
export interface AbortEmitter extends EventEmitter {
  /** Whether it was aborted. */
  readonly aborted: boolean;
  /** Why, once aborted. */
  readonly reason: unknown;
}

/** One request to the upstream API. */
export interface UpstreamRequest {
  /** The path under the base URL, e.g. `/chat/completions`. */
  path: string;
  /** The JSON body, serialised once by the transport. */
  body: unknown;
  /** Whether the answer is a server-sent event stream. */
  stream: boolean;
  /** Cancels the request; for a stream, also the body while it is read. */
  readonly signal: AbortSignal;
  /**
   * The same cancellation as an `EventEmitter` (`aborted`, `reason`, an
   * `'abort'` event), when the caller has one: it aborts exactly when
   * `signal` does, and reading `signal` may create it, so a transport that
   * can listen to an emitter (undici) should take this one.
   */
  abort?: AbortEmitter | undefined;
  /** How long to wait for the response headers, in milliseconds. */
  timeoutMs: number;
  /** The caller's id, sent as `X-Client-Request-Id` and `X-Request-Id`. */
  requestId?: string | undefined;
}

/** What one successful (2xx) exchange produced. */
export type UpstreamResponse =
  | {
      /** A JSON answer, read whole and parsed once. */
      kind: 'json';
      /** The parsed body. */
      body: unknown;
      /** The response headers. */
      headers: UpstreamHeaders;
      /** The upstream `x-request-id`. */
      requestId: string | undefined;
    }
  | {
      /** A `text/event-stream` answer whose body is read as it arrives. */
      kind: 'stream';
      /**
       * The raw body bytes. Iterating it to the end, or stopping early
       * (`return()`), releases the connection; the request's signal aborts it.
       */
      body: AsyncIterable<Uint8Array>;
      /** The response headers. */
      headers: UpstreamHeaders;
      /** The upstream `x-request-id`. */
      requestId: string | undefined;
    };

/**
 * Sends requests to one upstream. A non-2xx answer, a network failure, a
 * timeout or an abort rejects with the matching `BulwarkError` (the key
 * masked); it never retries by itself.
 */
export interface Transport {
  /** Sends one request. */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes the connections the transport opened itself (not an injected dispatcher). */
  close(): Promise<void>;
}
