import { ServerError } from '../errors/errors.js';
import { readUpstreamHttpError } from './upstream-http-error.js';
import type { UpstreamHeaders, UpstreamResponse } from './transport.js';

/** A response as the undici and `fetch` transports both see it, headers received, body unread. */
export interface UpstreamAnswer {
  /** The HTTP status. */
  status: number;
  /** The response headers. */
  headers: UpstreamHeaders;
  /** The body bytes, decoded when the upstream compressed them. */
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** Drops the body unread (the connection may close). */
  discard(): void;
}

/** What {@link toUpstreamResponse} needs of the request. */
export interface AnswerContext {
  /** Whether the request asked for a stream. */
  stream: boolean;
  /** Secrets to mask in errors (the key). */
  secrets: readonly string[];
  /** Whether error bodies and headers are Azure OpenAI's. @default false */
  azure?: boolean | undefined;
}

/**
 * Turns an answer into the transport's result: a 2xx JSON body read once and
 * parsed once, a 2xx event stream handed over unread, anything else the
 * matching Bulwark error. A stream request answered without an event stream,
 * and a JSON body that does not parse, are {@link ServerError}s.
 *
 * @param answer - the response, body unread.
 * @param context - whether a stream was asked for, and the secrets.
 * @returns the result: without a promise for a stream, whose body is read later.
 * @throws BulwarkError for a non-2xx status or a body that is not what was asked for; whatever
 *   reading the body threw (abort, reset), for the caller to map. A stream
 *   that is not one throws at once; the rest reject.
 */
export function toUpstreamResponse(
  answer: UpstreamAnswer,
  context: AnswerContext,
): UpstreamResponse | Promise<UpstreamResponse> {
  const { status, headers } = answer;
  if (status < 200 || status > 299) return rejectWithHttpError(answer, context);
  const requestId = headers.get('x-request-id');
  if (context.stream) {
    if (headers.get('content-type')?.includes('text/event-stream') !== true) {
      answer.discard();
      throw new ServerError({
        message: 'The upstream did not stream',
        status,
        requestId,
        retryable: false,
      });
    }
    return { kind: 'stream', body: answer.body, headers, requestId };
  }
  // A promise chain rather than an async function: one object less on every call.
  return answer.text().then((text): UpstreamResponse => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new ServerError({
        message: 'The upstream sent a malformed response body',
        status,
        requestId,
        cause: error instanceof Error ? error.message : undefined,
      });
    }
    return { kind: 'json', body, headers, requestId };
  });
}

async function rejectWithHttpError(answer: UpstreamAnswer, context: AnswerContext): Promise<never> {
  throw await readUpstreamHttpError(answer, context.secrets, context.azure);
}
