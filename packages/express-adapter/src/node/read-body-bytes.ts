import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { bodyError } from './body-errors.js';

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body as bytes, refusing it once it grows past `limit`
 * (413 `request_too_large`, at once when `content-length` says so). A
 * `gzip`, `deflate` or `br` body is inflated, and the limit applies to the
 * inflated size; another content encoding is a 415. A client that goes away
 * before the end rejects with a 400 `aborted` nobody will read.
 *
 * @param request - the incoming request, its body not read yet.
 * @param limit - the largest body accepted, in bytes.
 */
export function readBodyBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(bodyError('entity.too.large'));
  }
  if (request.readableEnded) return Promise.resolve(EMPTY);
  let inflater: Transform | undefined;
  try {
    inflater = inflaterOf(request);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const source: Readable = inflater === undefined ? request : request.pipe(inflater);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      request.off('close', onClose);
      if (inflater !== undefined) request.unpipe(inflater);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        cleanup();
        inflater?.destroy();
        reject(bodyError('entity.too.large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      // A plain body's listeners stay: none fires again to any effect (a later 'error' rejects a
      // settled promise, 'close' finds the request complete), and they go with the request.
      if (inflater !== undefined) cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length));
    };
    const onError = () => {
      cleanup();
      // A corrupt compressed body, or a connection reset while reading.
      reject(bodyError(inflater === undefined ? 'request.aborted' : 'entity.parse.failed'));
    };
    const onClose = () => {
      if (request.complete) return;
      cleanup();
      reject(bodyError('request.aborted'));
    };
    // `on`, not `once`: each fires once at most, and `once` wraps every listener in a closure.
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
    request.on('close', onClose);
  });
}

/** The stream that inflates the body, or `undefined` for a plain one. */
function inflaterOf(request: IncomingMessage): Transform | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined) return undefined;
  switch (encoding.trim().toLowerCase()) {
    case 'identity':
    case '':
      return undefined;
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw bodyError('encoding.unsupported');
  }
}
