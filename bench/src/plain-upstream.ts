// A neutral upstream for in-process call benchmarks: a plain `node:http`
// server in a child process (so it never shares the benchmark's event loop)
// that reads each request body whole and answers a realistic, fixed chat
// completion. It does no more work than it must, so the time a client adds
// shows fully instead of hiding behind a slow mock; `bulwark-mock`, which
// builds a WHATWG `Request`/`Response` per call, would flatten the ratios.
import { startListeningChild, type ListeningChild } from './child-process.js';

/** The child's program: listens on a free loopback port and prints its `/v1` URL. */
const UPSTREAM_SCRIPT = `
import { createServer } from 'node:http';

const completion = Buffer.from(JSON.stringify({
  id: 'chatcmpl-bench000000000000000000000000',
  object: 'chat.completion',
  created: 1764633600,
  model: 'gpt-4-1106-preview',
  system_fingerprint: 'fp_bench00000',
  choices: [{
    index: 0,
    message: {
      role: 'assistant',
      content: 'Hello! How can I help you today? Ask me anything about your project.',
      refusal: null,
      annotations: [],
    },
    logprobs: null,
    finish_reason: 'stop',
  }],
  usage: {
    prompt_tokens: 24,
    completion_tokens: 16,
    total_tokens: 40,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
}));
const notFound = Buffer.from('{"error":{"message":"Not found","type":"invalid_request_error"}}');
let served = 0;

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'content-type': 'application/json', 'content-length': notFound.length });
      response.end(notFound);
      return;
    }
    served += 1;
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': completion.length,
      'x-request-id': 'req_' + served.toString(16).padStart(24, '0'),
      'openai-processing-ms': '1',
    });
    response.end(completion);
  });
});
// Connections idle while the other path runs; keep them so no path pays reconnects.
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('http://127.0.0.1:' + server.address().port + '/v1\\n');
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
`;

/**
 * Starts the plain `node:http` upstream in a child process.
 *
 * @returns the child and its base URL, ending in `/v1` (`POST /chat/completions` answers 200).
 */
export async function startPlainUpstream(): Promise<ListeningChild> {
  return startListeningChild(['--input-type=module', '--eval', UPSTREAM_SCRIPT]);
}
