import type { IncomingMessage, ServerResponse } from 'node:http';

/** How an adapter hands a request to the gateway; see {@link GatewayHandler.handle}. */
export interface HandleOptions {
  /** Where the gateway is mounted (Express's `req.baseUrl`), prefixed to the route labels. @default '' */
  basePath?: string | undefined;
  /** Called for a request no route takes, instead of answering 404 (Express's `next`). */
  next?: (() => void) | undefined;
}

/** A request listener for `node:http` that serves the gateway; see {@link createGatewayHandler}. */
export interface GatewayHandler {
  /** Handles one request: `http.createServer(handler)`. */
  (request: IncomingMessage, response: ServerResponse): void;
  /** Handles one request for an adapter (mount path, fall-through). */
  handle(request: IncomingMessage, response: ServerResponse, options?: HandleOptions): void;
}
