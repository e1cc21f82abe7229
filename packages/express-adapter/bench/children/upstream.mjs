// The benchmark's upstream, shared by every path: a plain node:http server
// answering POST /v1/chat/completions at once with a realistic completion
// (JSON), or, for `stream: true`, with server-sent events whose content
// chunks are CHUNK_GAP_MS apart (so a proxy that holds frames back shows).
// Under `/down/…` it answers every request with a 503, as a deployment that is
// down (the fallback path's primary). Prints its base URL (`…/v1`) on its first line.
import { createServer } from 'node:http';

const CHUNK_GAP_MS = 2;
const CONTENT = [
  'Resilient calls ',
  'retry with backoff, ',
  'trip a breaker when the upstream fails, ',
  'and keep the key on the server.',
];
let sequence = 0;

function completion(model) {
  sequence += 1;
  return JSON.stringify({
    id: `chatcmpl-bench${sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: CONTENT.join(''), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 24, total_tokens: 36 },
  });
}

function chunk(id, model, delta, finish) {
  return `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_bench',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  })}\n\n`;
}

async function stream(response, model, withUsage) {
  sequence += 1;
  const id = `chatcmpl-bench${sequence}`;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'x-request-id': `req_${sequence}`,
  });
  response.write(chunk(id, model, { role: 'assistant', content: '' }, null));
  for (const text of CONTENT) {
    await new Promise((resolve) => setTimeout(resolve, CHUNK_GAP_MS));
    response.write(chunk(id, model, { content: text }, null));
  }
  response.write(chunk(id, model, {}, 'stop'));
  if (withUsage) {
    const usage = { prompt_tokens: 12, completion_tokens: 24, total_tokens: 36 };
    response.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`,
    );
  }
  response.end('data: [DONE]\n\n');
}

const server = createServer((request, response) => {
  if (request.url?.startsWith('/down/') === true) {
    request.resume();
    const text = JSON.stringify({
      error: { message: 'The server is overloaded', type: 'server_error', param: null, code: null },
    });
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(text);
    return;
  }
  const parts = [];
  request.on('data', (part) => parts.push(part));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
    const model = body.model ?? 'gpt-4-1106-preview';
    if (body.stream === true) {
      void stream(response, model, body.stream_options?.include_usage === true);
      return;
    }
    const text = completion(model);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-request-id': `req_${sequence}`,
    });
    response.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
