// Property-based fuzzing of the gateway's HTTP surface with fast-check: random
// request bodies, headers and query strings against a healthy upstream. The
// gateway must never answer a 5xx (the upstream is healthy, so any 5xx would be
// the gateway's own), never crash, and always answer errors as OpenAI JSON.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, UPSTREAM_KEY, type TestGateway } from './start-test-gateway.js';

const FUZZ = { seed: 20261126, numRuns: 120, endOnFailure: true } as const;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ perCallerLimit: false });
});
afterAll(() => gateway.server.close());

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** One raw HTTP request (node:http sends what fetch would refuse to, e.g. odd header values). */
function send(options: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | undefined;
}): Promise<RawAnswer | undefined> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    let outgoing;
    try {
      outgoing = httpRequest(
        {
          hostname,
          port,
          method: options.method,
          path: options.path,
          // An explicit length frames a body on any method (a GET body is otherwise sent unframed).
          headers: {
            ...options.headers,
            ...(options.body === undefined
              ? {}
              : { 'content-length': String(Buffer.byteLength(options.body)) }),
          },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'] ?? '',
              body: Buffer.concat(parts).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
    } catch (error) {
      // node:http refused to build the request (an invalid header name or
      // value, a bad path): nothing reached the gateway.
      if ((error as { code?: string }).code?.startsWith('ERR_') === true) {
        resolve(undefined);
        return;
      }
      throw error;
    }
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

function expectSoundAnswer(answer: RawAnswer | undefined): void {
  if (answer === undefined) return;
  expect(answer.status, answer.body).toBeLessThan(500);
  expect(answer.body).not.toContain(UPSTREAM_KEY);
  if (answer.status >= 400) {
    expect(answer.contentType).toMatch(/^application\/json/);
    const parsed = JSON.parse(answer.body) as { error?: Record<string, unknown> };
    expect(parsed.error).toEqual(
      expect.objectContaining({ message: expect.any(String), type: expect.any(String) }),
    );
    expect(parsed.error).toHaveProperty('code');
    expect(parsed.error).toHaveProperty('param');
  }
}

const message = fc.record(
  {
    role: fc.oneof(
      fc.constantFrom('system', 'user', 'assistant', 'tool', 'developer'),
      fc.string(),
    ),
    content: fc.oneof(fc.string(), fc.jsonValue(), fc.constant(null)),
    name: fc.string(),
    tool_call_id: fc.string(),
  },
  { requiredKeys: [] },
);
/** Mostly plausible chat requests with random fields, types and values. */
const chatBody = fc.record(
  {
    model: fc.oneof(
      fc.constantFrom('gpt-4', 'gpt-4-1106-preview', 'gpt-3.5-turbo'),
      fc.jsonValue(),
    ),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), fc.jsonValue()),
    temperature: fc.oneof(fc.double(), fc.jsonValue()),
    max_tokens: fc.oneof(fc.integer(), fc.jsonValue()),
    stream: fc.oneof(fc.boolean(), fc.jsonValue()),
    n: fc.oneof(fc.integer({ min: -2, max: 4 }), fc.jsonValue()),
    stop: fc.oneof(fc.string(), fc.array(fc.string()), fc.jsonValue()),
    response_format: fc.jsonValue(),
    tools: fc.jsonValue(),
    stream_options: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(
  chatBody.map((body) => JSON.stringify(body)),
  fc.json(),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 512 }),
);

describe('fuzzing the gateway', () => {
  it('answers random bodies on every route without a 5xx and with JSON errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        fc.constantFrom('/v1/chat/completions', '/v1/models', '/v1/unknown', '/healthz'),
        fc.constantFrom('POST', 'PUT', 'GET', 'DELETE', 'PATCH'),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (body, path, method, contentType) => {
          const headers: Record<string, string> =
            contentType === '' ? {} : { 'content-type': contentType };
          const answer = await send({ method, path, headers, body });
          if (path !== '/healthz' && path !== '/v1/models') expectSoundAnswer(answer);
          else if (answer !== undefined) expect(answer.status).toBeLessThan(500);
        },
      ),
      FUZZ,
    );
  });

  it('answers random headers without a 5xx', async () => {
    const body = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
    const headerValue = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ maxLength: 9000 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'x-request-id',
            'authorization',
            'accept',
            'accept-encoding',
            'content-type',
            'content-encoding',
            'x-forwarded-for',
            'openai-organization',
            'x-bulwark-cache',
            'cache-control',
          ),
          headerValue,
          { maxKeys: 4 },
        ),
        async (headers) => {
          expectSoundAnswer(
            await send({
              method: 'POST',
              path: '/v1/chat/completions',
              headers: { 'content-type': 'application/json', ...headers },
              body,
            }),
          );
        },
      ),
      FUZZ,
    );
  });

  it('answers random query strings without a 5xx', async () => {
    const body = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().map((text) => encodeURIComponent(text)),
          fc.string({ unit: 'binary-ascii' }),
          fc
            .dictionary(fc.string(), fc.string())
            .map((entries) => new URLSearchParams(entries).toString()),
        ),
        fc.constantFrom('/v1/chat/completions', '/v1/models'),
        async (query, path) => {
          const answer = await send({
            method: path === '/v1/models' ? 'GET' : 'POST',
            path: `${path}?${query}`,
            headers: { 'content-type': 'application/json' },
            body: path === '/v1/models' ? undefined : body,
          });
          expectSoundAnswer(answer);
        },
      ),
      FUZZ,
    );
  });

  it('is still serving after the fuzzing', async () => {
    const answer = await send({ method: 'GET', path: '/healthz' });
    expect(answer?.status).toBe(200);
  });
});
