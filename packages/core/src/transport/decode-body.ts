import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Stream decoders for the encodings `fetch` decodes. */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The body bytes as sent before compression. The transport asks for none,
 * but a server or proxy may compress anyway; `fetch` would decode, so the
 * undici transport does too, as the bytes arrive (an event stream stays a
 * stream). An unknown encoding is left as it is.
 *
 * @param body - the raw body.
 * @param encoding - the `content-encoding` header.
 * @returns `body` itself, or a stream of the decoded bytes whose destruction destroys `body`.
 */
export function decodeBody(body: Readable, encoding: string | undefined): Readable {
  const createDecoder =
    encoding === undefined ? undefined : DECODERS[encoding.trim().toLowerCase()];
  if (createDecoder === undefined) return body;
  // pipeline() forwards errors and destruction both ways; the decoder reports them itself.
  return pipeline(body, createDecoder(), () => undefined);
}
