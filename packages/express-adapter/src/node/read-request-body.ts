import type { IncomingMessage } from 'node:http';
import { parseJsonBody } from './parse-json-body.js';
import { readBodyBytes } from './read-body-bytes.js';

/**
 * The parsed JSON body of an API request: the host parser's result when
 * there is one (`request.body`, as Express's `express.json()` leaves it; a
 * string or a Buffer is parsed here), else the stream's bytes read under the
 * limit and parsed once.
 *
 * @param request - the request.
 * @param limit - the largest body accepted, in bytes.
 * @throws the gateway's 413 or 400 errors for a body too large or not JSON.
 */
export async function readRequestBody(
  request: IncomingMessage & { body?: unknown },
  limit: number,
): Promise<unknown> {
  const parsed = request.body;
  if (parsed === undefined) return parseJsonBody(await readBodyBytes(request, limit), request);
  if (typeof parsed === 'string') return parseJsonBody(Buffer.from(parsed), request);
  if (Buffer.isBuffer(parsed)) return parseJsonBody(parsed, request);
  return parsed;
}
