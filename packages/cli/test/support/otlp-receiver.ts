import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One export request an {@link OtlpReceiver} got. */
export interface OtlpExport {
  /** `/v1/traces` or `/v1/metrics`. */
  path: string;
  /** The request's content type. */
  contentType: string | undefined;
  /** The body as text (OTLP/JSON with `http/json`). */
  body: string;
}

/** A fake OTLP/HTTP collector on a loopback port; see {@link startOtlpReceiver}. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:port`: the value of `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  /** Every export received so far. */
  exports: OtlpExport[];
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a fake OTLP/HTTP collector that records every export request and
 * answers each with 200 and an empty OTLP/JSON response.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
  const server: Server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      exports.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: Buffer.concat(parts).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
