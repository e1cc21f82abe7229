// The OTel path's collector: a plain node:http server that reads every OTLP
// export (POST /v1/traces, /v1/metrics; any protocol) and answers 200 with an
// empty body, as a healthy collector does, so that the gateway really records
// and exports its spans and metrics. `GET /stats` answers how many export
// requests and bytes it took per path. Prints its URL on its first line.
import { createServer } from 'node:http';

const stats = {};

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(stats));
    return;
  }
  let bytes = 0;
  request.on('data', (part) => (bytes += part.length));
  request.on('end', () => {
    const entry = (stats[request.url] ??= { requests: 0, bytes: 0 });
    entry.requests += 1;
    entry.bytes += bytes;
    response.writeHead(200, { 'content-length': 0 });
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
