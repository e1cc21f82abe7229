// Through the gateway, what the caller sends reaches the upstream intact:
// the newer fields and an invented one; an o-series model's `max_tokens`
// goes as `max_completion_tokens`.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const messages = [{ role: 'user', content: 'What is the answer?' }];
const NEWER_FIELDS = {
  max_completion_tokens: 256,
  reasoning_effort: 'high',
  parallel_tool_calls: false,
  store: true,
  metadata: { team: 'search', ticket: 'T-42' },
  service_tier: 'flex',
  prediction: { type: 'content', content: 'The answer is 42.' },
  modalities: ['text'],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'answer',
      strict: true,
      schema: {
        type: 'object',
        properties: { value: { type: 'number' } },
        required: ['value'],
        additionalProperties: false,
      },
    },
  },
  future_field: { nested: [1, 'two', null], flag: true },
};

async function post(body: object): Promise<Response> {
  const response = await fetch(`${gateway?.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

describe('request fields through the gateway', () => {
  it('reach the upstream intact, in a completion and in a stream', async () => {
    gateway = await startTestGateway();
    const request = { model: 'gpt-4o', messages, ...NEWER_FIELDS };
    expect((await post(request)).status).toBe(200);
    const streamed = { ...request, stream: true, stream_options: { include_usage: true } };
    expect((await post(streamed)).status).toBe(200);
    expect(gateway.mock.calls.map((call) => call.body)).toEqual([request, streamed]);
  });

  it('sends an o-series model’s max_tokens as max_completion_tokens', async () => {
    gateway = await startTestGateway();
    expect(
      (await post({ model: 'o3-mini', messages, max_tokens: 64, future_field: 1 })).status,
    ).toBe(200);
    expect(gateway.mock.calls[0]?.body).toEqual({
      model: 'o3-mini',
      messages,
      max_completion_tokens: 64,
      future_field: 1,
    });
  });

  it('refuses a known field of the wrong type with 400 naming it, before sending', async () => {
    gateway = await startTestGateway();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages, parallel_tool_calls: 'yes' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { param: string } };
    expect(body.error.param).toBe('parallel_tool_calls');
    expect(gateway.mock.calls).toHaveLength(0);
  });
});
