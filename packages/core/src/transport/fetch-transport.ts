import { mapUpstreamError } from '../errors/map-upstream-error.js';
import { TimeoutError } from '../errors/errors.js';
import { withRequestId, type RequestHeaders } from './request-headers.js';
import type { Transport } from './transport.js';
import { toUpstreamResponse, type UpstreamAnswer } from './upstream-answer.js';
import { fromFetchHeaders } from './upstream-headers.js';

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /** The injected `fetch`. */
  fetch: typeof fetch;
  /** The upstream base URL; every request's path is appended to it. */
  baseURL: string;
  /** The transport's request headers. */
  headers: Readonly<RequestHeaders>;
  /** Secrets to mask in errors (the key). */
  secrets: readonly string[];
  /** Appended to every path (Azure's `?api-version=…`). @default '' */
  query?: string | undefined;
  /** Whether error bodies and headers are Azure OpenAI's. @default false */
  azure?: boolean | undefined;
}

/**
 * The transport over an injected `fetch` (the mocks, a user's test double):
 * the same results and errors as the undici transport. `fetch` has no
 * headers timeout, so a timer aborts the request with a {@link TimeoutError}
 * when the headers take longer than `timeoutMs`. The request's signal is
 * linked to the `fetch` only while the exchange lasts: until the JSON body is
 * read, or until a stream's body ends or is given up.
 *
 * @param options - the `fetch`, the base URL, headers and secrets.
 * @returns the transport; `close()` has nothing to close.
 */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  const { headers, secrets } = options;
  const base = options.baseURL.replace(/\/+$/, '');
  const query = options.query ?? '';
  return {
    async send(request) {
      const { signal } = request;
      const controller = new AbortController();
      const abort = (): void => controller.abort(signal.reason);
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      const unlink = (): void => signal.removeEventListener('abort', abort);
      const timer = setTimeout(() => {
        controller.abort(new TimeoutError({ message: 'The upstream did not answer in time' }));
      }, request.timeoutMs);
      let streaming = false;
      try {
        const response = await options.fetch(base + request.path + query, {
          method: 'POST',
          headers: withRequestId(headers, request.requestId),
          body: JSON.stringify(request.body),
          signal: controller.signal,
        });
        clearTimeout(timer);
        const result = await toUpstreamResponse(toAnswer(response, unlink), {
          stream: request.stream,
          secrets,
          azure: options.azure,
        });
        streaming = result.kind === 'stream';
        return result;
      } catch (error) {
        throw mapUpstreamError(error, { secrets, signal: controller.signal });
      } finally {
        clearTimeout(timer);
        if (!streaming) unlink();
      }
    },
    close: () => Promise.resolve(),
  };
}

function toAnswer(response: Response, unlink: () => void): UpstreamAnswer {
  const body = response.body;
  return {
    status: response.status,
    headers: fromFetchHeaders(response.headers),
    body: untilSettled(body ?? new ReadableStream({ start: (empty) => empty.close() }), unlink),
    text: () => response.text(),
    discard: () => void body?.cancel().catch(() => undefined),
  };
}

/** Iterates `body`, calling `settle` once it ends, fails or is given up. */
function untilSettled(
  body: ReadableStream<Uint8Array>,
  settle: () => void,
): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = body[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const next = await iterator.next();
            if (next.done === true) settle();
            return next;
          } catch (error) {
            settle();
            throw error;
          }
        },
        async return() {
          settle();
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
