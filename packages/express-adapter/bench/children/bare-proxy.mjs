// The floor for a Node gateway: node:http in front of an undici Pool, doing
// the least a gateway must (parse the JSON, forward it, parse the answer,
// serialise it again; stream bytes pass through as they come). Usage:
// node bare-proxy.mjs <upstream base URL>; prints its base URL (`…/v1`).
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]);
const pool = new Pool(upstream.origin, { connections: 64 });
const path = `${upstream.pathname.replace(/\/$/, '')}/chat/completions`;

const server = createServer((request, response) => {
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => void forward(Buffer.concat(parts), response));
});

/** Forwards one parsed request upstream and answers with the upstream's answer. */
async function forward(bytes, response) {
  try {
    const body = JSON.parse(bytes.toString('utf8'));
    const answer = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      body: JSON.stringify(body),
    });
    if (body.stream === true) {
      response.writeHead(answer.statusCode, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      for await (const part of answer.body) response.write(part);
      response.end();
      return;
    }
    const text = JSON.stringify(await answer.body.json());
    response.writeHead(answer.statusCode, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  } catch {
    response.writeHead(502).end();
  }
}
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
