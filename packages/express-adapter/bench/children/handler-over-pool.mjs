// The gateway handler with core taken out: `createGatewayHandler` (routes,
// request ids, logging on, metrics, headers, SSE) over a stand-in client that
// makes one undici Pool request per call, as the bare proxy does. Its gap to
// the bare proxy is what the gateway layer itself costs. Usage:
// node handler-over-pool.mjs <upstream base URL>; prints its base URL (`…/v1`).
import { createServer } from 'node:http';
import {
  createGatewayHandler,
  createGatewayLogger,
  createGatewayMetrics,
} from '@bulwark/express-adapter/node';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2]);
const pool = new Pool(upstream.origin, { connections: 64 });
const path = `${upstream.pathname.replace(/\/$/, '')}/chat/completions`;

/** The chunks of a server-sent events body, parsed. */
async function* chunks(body) {
  let text = '';
  for await (const part of body) {
    text += part.toString('utf8');
    let end = text.indexOf('\n\n');
    while (end !== -1) {
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      end = text.indexOf('\n\n');
      if (frame.startsWith('data: ') && frame !== 'data: [DONE]') yield JSON.parse(frame.slice(6));
    }
  }
}

const client = {
  chat: {
    completions: {
      async create(params, options) {
        const answer = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
          body: JSON.stringify(params),
          // No signal, as the bare proxy: undici's listener on it kept the gateway from reusing
          // the request's AbortController, and a new AbortSignal per request costs more than
          // the rest of the stand-in (core listens to its own per-attempt abort instead).
        });
        options.onCallInfo?.({
          attempts: 1,
          cache: 'bypass',
          upstreamRequestId: answer.headers['x-request-id'],
          rateLimitHeaders: {},
        });
        return params.stream === true ? chunks(answer.body) : answer.body.json();
      },
    },
  },
  health: () => ({ circuit: 'closed', inFlight: 0, queued: 0 }),
  on: () => () => {},
};
const logger = createGatewayLogger();
const handler = createGatewayHandler({
  client,
  logger,
  metrics: createGatewayMetrics({ client }),
});
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
process.once('SIGTERM', () => server.close(() => logger.flush(() => process.exit(0))));
