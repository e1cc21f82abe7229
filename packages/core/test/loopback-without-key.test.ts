// A client whose upstream is on this machine (a local gateway or mock) needs
// no key: it starts, and sends no Authorization header at all.
import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors/errors.js';
import { createClient } from '../src/index.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a loopback upstream without a key', () => {
  it('is called without an Authorization header', async () => {
    server = await startMockServer();
    const client = createClient({ baseURL: server.url, retry: { maxAttempts: 1 } });
    try {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'no key needed' }],
      });
      expect(completion.choices[0]?.message.content).toBe('no key needed');
    } finally {
      await client.close();
    }
    const headers = server.mock.calls[0]?.headers ?? {};
    expect(headers['authorization']).toBeUndefined();
    expect(headers['api-key']).toBeUndefined();
  });

  it('is still refused for a remote base URL', () => {
    expect(() => createClient({ baseURL: 'https://api.example.com/v1' })).toThrow(ConfigError);
    expect(() => createClient({ baseURL: 'https://api.example.com/v1' })).toThrow(
      /apiKey: an API key is required/,
    );
  });
});
