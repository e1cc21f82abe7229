import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; the request body is already read. */
export type Handler = (response: ServerResponse, request: SeenRequest) => void;

/** A node:http upstream on 127.0.0.1 whose answers a test scripts per path. */
export interface UpstreamTestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in order. */
  seen: SeenRequest[];
  /** How many TCP connections were opened to it. */
  connections(): number;
  /** How many of those are still open. */
  openConnections(): number;
  /** Answers requests to `path` with `handler` from now on. */
  route(path: string, handler: Handler): void;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

/**
 * Starts the server; unknown paths answer 404.
 *
 * @returns the running server.
 */
export async function startUpstreamTestServer(): Promise<UpstreamTestServer> {
  const seen: SeenRequest[] = [];
  const routes = new Map<string, Handler>();
  let opened = 0;
  let open = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: SeenRequest = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(received);
      const handler = routes.get(request.url ?? '');
      if (handler === undefined) response.writeHead(404).end();
      else handler(response, received);
    });
  });
  server.on('connection', (socket) => {
    opened += 1;
    open += 1;
    socket.on('close', () => {
      open -= 1;
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    connections: () => opened,
    openConnections: () => open,
    route: (path, handler) => routes.set(path, handler),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Answers with a JSON body.
 *
 * @param status - the status.
 * @param body - the body, serialised.
 * @param headers - more headers.
 * @returns the handler.
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}
