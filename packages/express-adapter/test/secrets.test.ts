import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, UPSTREAM_KEY, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(() => gateway?.server.close());

const CALLER_KEY = 'caller-secret-key-987654';

describe('secrets', () => {
  it('never shows the upstream key or a caller key in a log line, a body or a header', async () => {
    gateway = await startTestGateway({ env: { BULWARK_API_KEYS: CALLER_KEY } });
    const seen: string[] = [];
    const capture = async (response: Response) => {
      seen.push(JSON.stringify([...response.headers]), await response.text());
    };
    const post = (payload: unknown, authorization = `Bearer ${CALLER_KEY}`) =>
      fetch(`${gateway?.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const chat = { model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] };
    const { mock } = gateway;
    mock.onChat().replyOnce('fine');
    mock.onChat().failOnce(401, {
      code: 'invalid_api_key',
      message: `Incorrect API key provided: ${UPSTREAM_KEY}.`,
    });
    mock.onChat().failOnce(400, { message: `bad request with ${UPSTREAM_KEY}` });
    mock.onChat().failOnce(500, { message: `server broke near ${UPSTREAM_KEY}` });
    mock.onChat().reset({ times: 1 });
    mock.onChat().truncate({ afterChunks: 1, times: 1 });
    for (let call = 0; call < 5; call += 1) await capture(await post(chat));
    await capture(await post({ ...chat, stream: true }));
    await capture(await post('{not json'));
    await capture(await post(chat, 'Bearer wrong-key'));
    await capture(await post(chat, `Bearer ${UPSTREAM_KEY}`));
    await capture(await fetch(`${gateway.url}/metrics`));
    await capture(await fetch(`${gateway.url}/missing`));
    await gateway.server.close();

    expect(seen).toHaveLength(22);
    expect(gateway.rawLogs.length).toBeGreaterThan(10);
    for (const text of [...seen, ...gateway.rawLogs]) {
      expect(text).not.toContain(UPSTREAM_KEY);
      expect(text).not.toContain(CALLER_KEY);
    }
    // The upstream did receive the key: the check above is not vacuous.
    expect(mock.calls[0]?.headers['authorization']).toBe(`Bearer ${UPSTREAM_KEY}`);
  });

  it('leaves prompts out of the logs unless asked', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'my private prompt text' }];
    await openai.chat.completions.create({ model: 'gpt-4', messages });
    await gateway.server.close();
    expect(gateway.rawLogs.join('\n')).not.toContain('my private prompt text');
    const line = gateway.logs.find((entry) => entry['msg'] === 'request');
    expect(line).toMatchObject({ method: 'POST', route: '/v1/chat/completions', status: 200 });
    expect(typeof line?.['requestId']).toBe('string');
    expect(typeof line?.['latencyMs']).toBe('number');

    gateway = await startTestGateway({ logPrompts: true });
    const logged = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    await logged.chat.completions.create({ model: 'gpt-4', messages });
    await gateway.server.close();
    expect(gateway.logs.find((entry) => entry['msg'] === 'request')?.['prompt']).toEqual(messages);
  });
});
