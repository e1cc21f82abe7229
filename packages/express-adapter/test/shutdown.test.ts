import { describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

const streamBody = JSON.stringify({
  model: 'gpt-4',
  messages: [{ role: 'user', content: 'Hello' }],
  stream: true,
});

describe('graceful shutdown', () => {
  it('stops accepting, lets a stream in flight finish, then closes', async () => {
    const gateway = await startTestGateway();
    gateway.mock.onChat().streamOnce('drain me please', { chunkSize: 3, delayMs: 10 });
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamBody,
    });
    const closed = gateway.server.close();
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
    const text = await response.text();
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    await closed;
    expect(gateway.server.server.listening).toBe(false);
    expect(gateway.upstreamSignals[0]?.aborted).toBe(false);
  });

  it('cuts requests still running at the deadline and aborts their upstream calls', async () => {
    const gateway = await startTestGateway({ shutdownTimeoutMs: 50 });
    gateway.mock.onChat().hang({ times: 1 });
    const pending = fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamBody,
    }).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await expect.poll(() => gateway.upstreamSignals.length).toBe(1);
    await gateway.server.close();
    expect(gateway.upstreamSignals[0]?.aborted).toBe(true);
    expect(await pending).toBeInstanceOf(Error);
    expect(gateway.app.gateway.client.health().inFlight).toBe(0);
  });
});
