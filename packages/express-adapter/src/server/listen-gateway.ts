import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Options of {@link listenGateway}. */
export interface ListenGatewayOptions {
  /** Address to listen on. @default '127.0.0.1' */
  host?: string | undefined;
  /** Port; 0 picks a free one. @default 8787 */
  port?: number | undefined;
  /** Longest wait for requests in flight on `close()`, in milliseconds, before their connections are cut. @default 10000 */
  shutdownTimeoutMs?: number | undefined;
}

/** A listening gateway. */
export interface GatewayServer {
  /** `http://host:port`, without a path (the OpenAI base URL is `${url}/v1`). */
  readonly url: string;
  /** The Node HTTP server. */
  readonly server: Server;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight
   * (streams included) finish within `shutdownTimeoutMs`, then cuts the
   * connections left (which aborts their upstream calls) and closes the
   * app's client. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server for a gateway app and resolves once it listens.
 *
 * @param app - the request listener, e.g. `createGatewayApp(config)`; its
 * `gateway.close()` is called on shutdown when it has one.
 * @param options - host, port and shutdown deadline.
 * @example
 * ```ts
 * const server = await listenGateway(createGatewayApp(loadConfig()), { port: 0 });
 * const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
 * await server.close();
 * ```
 */
export async function listenGateway(
  app: RequestListener & { gateway?: { close(): Promise<void> } },
  options: ListenGatewayOptions = {},
): Promise<GatewayServer> {
  const server = createServer(app);
  // Requests in progress per connection: idle connections (keep-alive, or
  // opened ahead by a client pool) are closed at once on shutdown, busy ones
  // as soon as their last answer is sent.
  const busy = new Map<Socket, number>();
  let closing: Promise<void> | undefined;
  server.on('connection', (socket: Socket) => {
    busy.set(socket, 0);
    socket.once('close', () => busy.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const { socket } = request;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      busy.set(socket, left);
      if (closing !== undefined && left === 0) socket.end();
    });
  });
  server.listen(options.port ?? 8787, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  async function shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const [socket, requests] of busy) if (requests === 0) socket.destroy();
    const deadline = setTimeout(() => {
      for (const socket of busy.keys()) socket.destroy();
    }, options.shutdownTimeoutMs ?? 10_000);
    deadline.unref();
    await closed;
    clearTimeout(deadline);
    await app.gateway?.close();
  }

  return {
    url: `http://${host}:${port}`,
    server,
    close: () => (closing ??= shutdown()),
  };
}
