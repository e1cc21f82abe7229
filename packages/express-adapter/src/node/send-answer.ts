import type { ServerResponse } from 'node:http';
import type { RequestContext } from './request-context.js';

/** The content type of every JSON answer. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends a whole answer in one `writeHead` + `end`, from a plain header
 * record: `x-request-id`, `content-type` and `content-length` are added.
 *
 * @param response - the response, nothing sent yet.
 * @param context - the request's context (its id).
 * @param status - the HTTP status.
 * @param body - the serialised body.
 * @param headers - extra headers. @default none
 * @param contentType - the body's type. @default JSON
 */
export function sendAnswer(
  response: ServerResponse,
  context: RequestContext,
  status: number,
  body: string,
  headers?: Readonly<Record<string, string>>,
  contentType = JSON_TYPE,
): void {
  const all: Record<string, string | number> = Object.assign({}, headers);
  all['x-request-id'] = context.requestId;
  all['content-type'] = contentType;
  all['content-length'] = Buffer.byteLength(body);
  response.writeHead(status, all);
  response.end(body);
}
