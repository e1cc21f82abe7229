// The router in a host Express app that parses bodies itself (`express.json()`
// before the router) and mounts the gateway under a prefix: the gateway takes
// the parsed body, `handleGatewayError` answers the parser's errors in
// OpenAI's shape (Express hands them to error middleware only, which a router
// cannot be), and the host's own routes are left alone.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createClient, loadConfig, type BulwarkClient } from '@bulwark/core';
import { createMockOpenAI, type MockOpenAI } from '@bulwark/testing-mocks';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayRouter, handleGatewayError } from '../src/index.js';
import { UPSTREAM_KEY } from './start-test-gateway.js';

let server: Server;
let base: string;
let client: BulwarkClient;
let mock: MockOpenAI;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  mock = createMockOpenAI();
  client = createClient({
    ...loadConfig({ env: { OPENAI_API_KEY: UPSTREAM_KEY, BULWARK_MAX_ATTEMPTS: '1' } }),
    fetch: mock.fetch,
  });
  const logger = pino(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
        }
        callback();
      },
    }),
  );
  const app = express();
  app.use(express.json({ limit: '1kb' }));
  app.use('/ai', createGatewayRouter({ client, logger }));
  app.get('/own', (_request, response) => {
    response.json({ own: true });
  });
  app.use(handleGatewayError(logger));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await client.close();
});

const post = (body: string) =>
  fetch(`${base}/ai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('the gateway router behind a host body parser', () => {
  it('answers from the body the host parsed', async () => {
    mock.onChat().replyOnce('parsed by the host');
    const response = await post(
      JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]?.message.content).toBe('parsed by the host');
    expect(response.headers.get('x-bulwark-attempts')).toBe('1');
    await expect
      .poll(() => logs.find((line) => line['msg'] === 'request' && line['status'] === 200))
      .toMatchObject({ route: '/ai/v1/chat/completions', method: 'POST' });
  });

  it.each([
    ['malformed JSON', '{"model": ', 400, 'invalid_json'],
    [
      'a body over the host limit',
      JSON.stringify({ content: 'x'.repeat(2048) }),
      413,
      'request_too_large',
    ],
  ])('answers %s from the host parser in OpenAI shape', async (_case, body, status, code) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    const json = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(json.error['code']).toBe(code);
  });

  it('labels its routes with the mount path and leaves the host routes alone', async () => {
    expect(await (await fetch(`${base}/own`)).json()).toEqual({ own: true });
    expect((await fetch(`${base}/ai/healthz`)).status).toBe(200);
    await expect
      .poll(() => logs.find((line) => line['route'] === '/ai/healthz'))
      .toMatchObject({ method: 'GET', status: 200 });
  });
});
