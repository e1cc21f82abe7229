import type { Request, Response } from 'express';
import {
  findRequestContext,
  startRequestContext,
  type RequestContext,
} from '../node/request-context.js';

/**
 * The gateway's context of a request in an Express app: the one the gateway
 * router started, or a new one (labelled `unmatched`, not logged) for a
 * middleware used on its own.
 *
 * @param request - the Express request.
 * @param response - the Express response.
 */
export function expressRequestContext(request: Request, response: Response): RequestContext {
  return findRequestContext(response) ?? startRequestContext(request, response, 'unmatched');
}
