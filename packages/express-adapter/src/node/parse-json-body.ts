import type { IncomingMessage } from 'node:http';
import { bodyError } from './body-errors.js';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Parses a request body as JSON whatever its `content-type` (as OpenAI
 * does, so `curl -d` works), with the rules of Express's `express.json()`,
 * which the gateway used before: an empty body is `{}`; only an object or
 * an array is accepted at the top (else 400 `invalid_json`); a `charset`
 * other than a UTF one is a 415; a leading byte-order mark is ignored.
 *
 * @param bytes - the body as received (inflated).
 * @param request - the request, for its `content-type` charset.
 * @throws GatewayHttpError 400 `invalid_json` or 415 `unsupported_charset`.
 */
export function parseJsonBody(bytes: Buffer, request: IncomingMessage): unknown {
  if (bytes.length === 0) return {};
  const text = decode(bytes, request.headers['content-type']);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Skip JSON whitespace, then require `{` or `[` (body-parser's `strict` mode).
  for (
    let code = text.charCodeAt(start);
    code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  ) {
    start += 1;
    code = text.charCodeAt(start);
  }
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) throw bodyError('entity.parse.failed');
  try {
    return JSON.parse(start === 0 ? text : text.slice(start));
  } catch {
    throw bodyError('entity.parse.failed');
  }
}

function decode(bytes: Buffer, contentType: string | undefined): string {
  const charset =
    contentType === undefined || !contentType.includes('charset')
      ? undefined
      : CHARSET.exec(contentType)?.[1]?.toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') {
    return bytes.toString('utf8');
  }
  if (!charset.startsWith('utf-')) throw bodyError('charset.unsupported');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw bodyError('charset.unsupported');
  }
}
