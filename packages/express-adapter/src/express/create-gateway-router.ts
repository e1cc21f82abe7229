import { Router, type NextFunction, type Request, type Response } from 'express';
import { createGatewayHandler } from '../node/create-gateway-handler.js';
import type { GatewayRouterOptions } from './gateway-router-options.js';

/**
 * An Express router that makes an app an OpenAI-compatible gateway in front
 * of a Bulwark client: a thin wrapper over `createGatewayHandler()` (same
 * routes, headers, errors, logs and metrics). A request no gateway route
 * takes goes on to the app's next middleware. It reads the body itself, or
 * takes `req.body` when the app already ran a body parser
 * (`express.json()`). Express hands that parser's errors (malformed JSON,
 * a body too large) to error middleware only, which a router cannot be:
 * mount `handleGatewayError()` after the router to answer them in OpenAI's
 * shape (`createGatewayApp()` does).
 *
 * @param options - the client, the keys callers must present, limits, logger and metrics.
 * @returns the router; mount it at the root (`app.use(router)`) or under a
 * prefix (`app.use('/ai', router)` serves `/ai/v1/...`).
 * @throws TypeError for a bad `bodyLimit` or `callerRpm`; failures of a
 * request are answered as OpenAI errors.
 * @example
 * ```ts
 * const client = createClient(loadConfig());
 * const app = express();
 * app.use(createGatewayRouter({ client, apiKeys: ['a-long-random-key'] }));
 * app.listen(8787, '127.0.0.1');
 * ```
 */
export function createGatewayRouter(options: GatewayRouterOptions): Router {
  const handler = createGatewayHandler(options);
  const router = Router();
  router.use((request: Request, response: Response, next: NextFunction) => {
    handler.handle(request, response, { basePath: request.baseUrl, next: () => next() });
  });
  return router;
}
