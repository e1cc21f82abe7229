// The request's log line names the tokens and cost of its call (completions
// and streams), as core reported them through `onUsage`; a request that
// never reached core, or whose call failed, has no such fields.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedCost, upstreamUsage } from './known-usage.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const USAGE_FIELDS = ['promptTokens', 'completionTokens', 'cachedTokens', 'costUsd'];

async function requestLines(target: TestGateway, count: number) {
  const lines = () => target.logs.filter((line) => line['msg'] === 'request');
  await expect.poll(() => lines().length).toBe(count);
  return lines();
}

describe('the request log line', () => {
  it('names the tokens, cached tokens and cost of a completion and of a stream', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'summarise the long document' }];
    gateway.mock
      .onChat()
      .replyOnce({ content: 'a summary', usage: upstreamUsage(2000, 1024, 100) })
      .replyOnce({ content: 'a streamed summary', usage: upstreamUsage(1500, 512, 40) });
    await openai.chat.completions.create({ model: 'gpt-4o', messages });
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _chunk of stream);

    const [completion, streamed] = await requestLines(gateway, 2);
    expect(completion).toMatchObject({
      route: '/v1/chat/completions',
      status: 200,
      promptTokens: 2000,
      completionTokens: 100,
      cachedTokens: 1024,
    });
    expect(completion?.['costUsd']).toBeCloseTo(expectedCost('gpt-4o', 2000, 1024, 100), 12);
    expect(streamed).toMatchObject({
      status: 200,
      promptTokens: 1500,
      completionTokens: 40,
      cachedTokens: 512,
    });
    expect(streamed?.['costUsd']).toBeCloseTo(expectedCost('gpt-4o', 1500, 512, 40), 12);
  });

  it('says nothing of tokens for a request that never reached core, or whose call failed', async () => {
    gateway = await startTestGateway({ env: { BULWARK_API_KEYS: 'caller-key.usage-log' } });
    const post = (headers: Record<string, string>) =>
      fetch(`${gateway?.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
    gateway.mock.onChat().failOnce(400, { code: 'invalid_value', shouldRetry: false });
    const statuses = [
      (await post({})).status,
      (await post({ authorization: 'Bearer caller-key.usage-log' })).status,
    ];
    await fetch(`${gateway.url}/healthz`);
    expect(statuses).toEqual([401, 400]);
    const lines = await requestLines(gateway, 3);
    expect(lines.map((line) => line['status'])).toEqual([401, 400, 200]);
    for (const line of lines) {
      expect(USAGE_FIELDS.filter((field) => field in line)).toEqual([]);
    }
  });
});
