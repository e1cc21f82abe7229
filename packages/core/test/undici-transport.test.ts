import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/errors/errors.js';
import { mapUpstreamError } from '../src/errors/map-upstream-error.js';
import { AttemptAbort } from '../src/policies/attempt-abort.js';
import { readChatStream } from '../src/streaming/read-chat-stream.js';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../src/transport/transport.js';
import { json, startUpstreamTestServer, type UpstreamTestServer } from './upstream-test-server.js';

const KEY = 'sk-test.undici0123456789abcdefghijklmnopq';
const COMPLETION = { id: 'chatcmpl-1', object: 'chat.completion', choices: [] };
const PARAMS = { model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] };

function frame(content: string, finishReason: string | null = null): string {
  const chunk = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function request(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    path: '/chat/completions',
    body: PARAMS,
    stream: false,
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    ...overrides,
  };
}

function streamOf(result: UpstreamResponse, signal?: AbortSignal) {
  if (result.kind !== 'stream') throw new Error('expected a stream');
  return readChatStream(result.body, {
    requestId: result.requestId,
    headers: result.headers,
    mapReadError: (error) => mapUpstreamError(error, { secrets: [KEY], signal }),
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

describe('the undici transport (real sockets)', () => {
  let server: UpstreamTestServer;
  let transport: Transport;
  const open = (connections = 4): Transport =>
    createTransport({
      apiKey: KEY,
      baseURL: `${server.url}/v1`,
      organization: 'org-1',
      connections,
    });
  beforeAll(async () => {
    server = await startUpstreamTestServer();
    transport = open();
  });
  afterEach(() => {
    server.seen.length = 0;
  });
  afterAll(async () => {
    await transport.close();
    await server.close();
  });

  it('posts the JSON body with the headers, and parses the JSON answer once', async () => {
    server.route('/v1/chat/completions', json(200, COMPLETION, { 'x-request-id': 'req_1' }));
    const result = await transport.send(request({ requestId: 'call-1' }));
    expect(result).toMatchObject({ kind: 'json', body: COMPLETION, requestId: 'req_1' });
    expect(result.headers.get('Content-Type')).toBe('application/json');
    expect(Object.fromEntries(result.headers.entries())).toMatchObject({ 'x-request-id': 'req_1' });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).toMatchObject({
      method: 'POST',
      body: JSON.stringify(PARAMS),
      headers: {
        authorization: `Bearer ${KEY}`,
        'content-type': 'application/json',
        'openai-organization': 'org-1',
        'x-client-request-id': 'call-1',
        'x-request-id': 'call-1',
      },
    });
    expect(server.seen[0]?.headers['user-agent']).toMatch(/^bulwark/);
    expect(server.seen[0]?.headers).not.toHaveProperty('openai-project');
    // The pool of the origin writes `host` itself (the transport adds it only for a proxy agent).
    expect(server.seen[0]?.headers.host).toBe(new URL(server.url).host);
  });

  it('keeps connections alive: sequential calls do not open one each', async () => {
    server.route('/v1/reuse', json(200, COMPLETION));
    const reused = open(8);
    const before = server.connections();
    for (let index = 0; index < 30; index += 1) {
      await reused.send(request({ path: '/reuse' }));
    }
    // The next call may be sent before undici has marked the previous call's
    // connection free again (it does so a tick later), so sequential calls
    // take turns on at most two connections; never more, whatever the pool size.
    expect(server.connections() - before).toBeLessThanOrEqual(2);
    expect(server.openConnections()).toBeGreaterThan(0);
    await reused.close();
  });

  it('decodes a gzip body the server sent although none was asked for', async () => {
    server.route('/v1/gzip', (response, seen) => {
      expect(seen.headers['accept-encoding']).toBe('identity');
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify(COMPLETION)));
    });
    server.route('/v1/gzip-stream', (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      response.end(gzipSync(frame('zipped', 'stop') + 'data: [DONE]\n\n'));
    });
    expect((await transport.send(request({ path: '/gzip' }))).body).toEqual(COMPLETION);
    const chunks = streamOf(await transport.send(request({ path: '/gzip-stream', stream: true })));
    const texts: string[] = [];
    for await (const chunk of chunks) texts.push(chunk.choices[0]?.delta.content ?? '');
    expect(texts).toEqual(['zipped']);
  });

  it('hands a stream over as it arrives: a chunk is read before the server ends the body', async () => {
    let finish = (): void => undefined;
    server.route('/v1/stream', (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_s' });
      response.write(frame('Hel'));
      finish = () => response.end(frame('lo', 'stop') + 'data: [DONE]\n\n');
    });
    const result = await transport.send(request({ path: '/stream', stream: true }));
    expect(result.requestId).toBe('req_s');
    const chunks = streamOf(result);
    const first = await chunks.next();
    expect(first.done === true ? undefined : first.value.choices[0]?.delta.content).toBe('Hel');
    finish();
    const rest: string[] = [];
    for await (const chunk of chunks) rest.push(chunk.choices[0]?.delta.content ?? '');
    expect(rest).toEqual(['lo']);
  });

  it('rejects a stream request answered with JSON as a non-retryable ServerError', async () => {
    server.route('/v1/not-streamed', json(200, COMPLETION));
    const error = await failure(transport.send(request({ path: '/not-streamed', stream: true })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ message: 'The upstream did not stream', retryable: false });
  });

  it('maps error statuses with their OpenAI body, retry-after and x-should-retry', async () => {
    server.route(
      '/v1/limited',
      json(
        429,
        {
          error: {
            message: 'Slow down',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        { 'retry-after': '2', 'x-request-id': 'req_429' },
      ),
    );
    server.route('/v1/broken', (response) => {
      response.writeHead(502, { 'content-type': 'text/html', 'x-should-retry': 'false' });
      response.end('<html>Bad gateway</html>');
    });
    server.route('/v1/malformed', (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":');
    });
    const limited = await failure(transport.send(request({ path: '/limited' })));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({
      status: 429,
      retryAfterMs: 2000,
      requestId: 'req_429',
      message: 'Slow down',
      retryable: true,
    });
    const broken = await failure(transport.send(request({ path: '/broken' })));
    expect(broken).toBeInstanceOf(ServerError);
    expect(broken).toMatchObject({ status: 502, retryable: false });
    const malformed = await failure(transport.send(request({ path: '/malformed' })));
    expect(malformed).toBeInstanceOf(ServerError);
    expect(malformed).toMatchObject({ status: 200, retryable: true });
  });

  it('maps a connection reset to ConnectionError', async () => {
    server.route('/v1/reset', (response) => response.socket?.destroy());
    const error = await failure(transport.send(request({ path: '/reset' })));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error['retryable']).toBe(true);
  });

  it('maps missing headers within timeoutMs to TimeoutError', async () => {
    server.route('/v1/hang', () => undefined);
    const error = await failure(transport.send(request({ path: '/hang', timeoutMs: 50 })));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('maps an abort to AbortError, or to the Bulwark error given as the reason', async () => {
    server.route('/v1/wait', () => undefined);
    const controller = new AbortController();
    const aborted = transport.send(request({ path: '/wait', signal: controller.signal }));
    setImmediate(() => controller.abort());
    expect(await failure(aborted)).toBeInstanceOf(AbortError);
    const attempt = new AbortController();
    const reason = new TimeoutError({ message: 'attempt timed out' });
    const timedOut = transport.send(request({ path: '/wait', signal: attempt.signal }));
    setImmediate(() => attempt.abort(reason));
    expect(await failure(timedOut)).toBe(reason);
  });

  it('listens to the abort emitter instead of the signal when given one, without reading the signal', async () => {
    server.route('/v1/wait', () => undefined);
    const abort = new AttemptAbort();
    const reason = new TimeoutError({ message: 'attempt timed out' });
    const timedOut = transport.send({
      ...request({ path: '/wait' }),
      get signal(): AbortSignal {
        throw new Error('the signal was read');
      },
      abort,
    });
    setImmediate(() => abort.abort(reason));
    expect(await failure(timedOut)).toBe(reason);
    const cancelled = new AttemptAbort();
    const aborted = transport.send({ ...request({ path: '/wait' }), abort: cancelled });
    setImmediate(() => cancelled.abort());
    expect(await failure(aborted)).toBeInstanceOf(AbortError);
  });

  it('frees the connection when a stream is aborted mid-way or given up', async () => {
    server.route('/v1/endless', (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(frame('more'));
    });
    server.route('/v1/after', json(200, COMPLETION));
    const single = open(1);
    const controller = new AbortController();
    const aborted = streamOf(
      await single.send(request({ path: '/endless', stream: true, signal: controller.signal })),
      controller.signal,
    );
    await aborted.next();
    controller.abort();
    expect(await failure(aborted.next())).toBeInstanceOf(AbortError);
    // With one connection, this call would wait forever if the stream still held it.
    expect((await single.send(request({ path: '/after' }))).kind).toBe('json');
    const givenUp = streamOf(await single.send(request({ path: '/endless', stream: true })));
    await givenUp.next();
    await givenUp.return(undefined as never);
    expect((await single.send(request({ path: '/after' }))).kind).toBe('json');
    await single.close();
  });

  it('never shows the key in an error, its message, param or cause chain', async () => {
    server.route(
      '/v1/unauthorized',
      json(401, {
        error: {
          message: `Incorrect API key provided: ${KEY}.`,
          type: 'invalid_request_error',
          param: KEY,
          code: 'invalid_api_key',
        },
      }),
    );
    const unauthorized = await failure(transport.send(request({ path: '/unauthorized' })));
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    const reset = await failure(transport.send(request({ path: '/reset' })));
    for (const error of [unauthorized, reset]) {
      for (const view of [
        error.message,
        String(error['param']),
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
        String(error.stack),
      ]) {
        expect(view).not.toContain(KEY);
      }
    }
  });

  it('rejects with ConnectionError once closed, and closes twice without failing', async () => {
    const closed = open();
    await closed.close();
    await closed.close();
    expect(await failure(closed.send(request()))).toBeInstanceOf(ConnectionError);
  });
});
