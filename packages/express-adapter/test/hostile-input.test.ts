import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ perCallerLimit: false });
});
afterAll(() => gateway.server.close());

const user = (content: unknown) => ({ model: 'gpt-4', messages: [{ role: 'user', content }] });
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { nested: value };
  return value;
};

const HOSTILE_BODIES: readonly (string | Buffer)[] = [
  'null',
  'true',
  '"a string"',
  '12345',
  '[]',
  '{"messages": null}',
  '{"messages": "hello"}',
  '{"messages": [null]}',
  '{"messages": [{"role": "wizard", "content": "x"}]}',
  JSON.stringify(user({ nested: true })),
  JSON.stringify(user([{ type: 'image_url' }])),
  JSON.stringify({ ...user('x'), model: 123 }),
  JSON.stringify({ ...user('x'), temperature: 'hot' }),
  JSON.stringify({ ...user('x'), n: -1 }),
  JSON.stringify({ ...user('x'), max_tokens: 1e300 }),
  JSON.stringify({ ...user('x'), tools: 'all of them' }),
  JSON.stringify({
    ...user('x'),
    tools: [{ type: 'function', function: { name: 'f', parameters: deepObject(2000) } }],
  }),
  JSON.stringify({ ...user('x'), stream: true, stream_options: 'yes' }),
  JSON.stringify({ ...user('x'), metadata: deepObject(2000) }),
  '{"__proto__": {"polluted": true}, "model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}',
  '{"constructor": {"prototype": {"polluted": true}}, "messages": []}',
  JSON.stringify(user('\u0000\u0001\u001f control characters \u202e')),
  JSON.stringify(user('x'.repeat(1_100_000))),
  deep(100_000),
  `{"messages": ${deep(50_000)}}`,
  '{"model": "gpt-4", "messages": [{"role": "user", "content": "\\ud800"}]}',
  Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
];

const embed = (input: unknown) => ({ model: 'text-embedding-3-small', input });

const HOSTILE_EMBEDDINGS: readonly string[] = [
  'null',
  '[]',
  '{"input": null}',
  JSON.stringify(embed('')),
  JSON.stringify(embed([])),
  JSON.stringify(embed([[]])),
  JSON.stringify(embed(['ok', 3])),
  JSON.stringify(embed([-1, 2])),
  JSON.stringify(embed([1.5])),
  JSON.stringify(embed(deepObject(2000))),
  JSON.stringify(embed(Array.from({ length: 2049 }, () => 'x'))),
  JSON.stringify({ ...embed('x'), encoding_format: 'hex' }),
  JSON.stringify({ ...embed('x'), dimensions: 0 }),
  JSON.stringify({ ...embed('x'), dimensions: 1e9 }),
  JSON.stringify({ ...embed('x'), model: 123 }),
  JSON.stringify(embed([Array.from({ length: 9000 }, () => 1)])),
  `{"input": ${deep(50_000)}}`,
];

describe('hostile input', () => {
  it('never makes POST /v1/embeddings answer a 5xx or crash: every bad body is a 400', async () => {
    for (const payload of HOSTILE_EMBEDDINGS) {
      const response = await fetch(`${gateway.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      });
      const text = await response.text();
      expect(response.status, `${payload.slice(0, 80)} → ${text.slice(0, 200)}`).toBe(400);
      expect(text).not.toMatch(/<html|at .+\.js:\d+/i);
    }
    expect(gateway.mock.embeddingCalls).toHaveLength(0);
    const polluting = await fetch(`${gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"polluted": true}, "model": "text-embedding-3-small", "input": "x"}',
    });
    expect(polluting.status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never makes the gateway answer a 5xx of its own or crash', async () => {
    const statuses: number[] = [];
    for (const payload of HOSTILE_BODIES) {
      for (const stream of [false, true]) {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(stream ? { accept: 'text/event-stream' } : {}),
          },
          body: payload,
        });
        const text = await response.text();
        statuses.push(response.status);
        expect(
          response.status,
          `${String(payload).slice(0, 80)} → ${text.slice(0, 200)}`,
        ).toBeLessThan(500);
        expect(text).not.toMatch(/<html|at .+\.js:\d+/i);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(statuses.some((status) => status === 400)).toBe(true);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});
