import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { assertBuilt, killLeftovers, startBulwark, TEST_KEY } from './support/run-bulwark.js';

beforeAll(assertBuilt);
afterEach(killLeftovers);

async function waitForLine(read: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  await expect.poll(() => pattern.test(read()), { timeout: 10_000 }).toBe(true);
  return pattern.exec(read()) as RegExpExecArray;
}

describe('bulwark serve (built binary)', () => {
  it('serves completions from the built-in mock without OPENAI_API_KEY and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const serve = startBulwark(['serve', '--port', String(port)]);
    await waitForLine(serve.stdout, /Bulwark gateway listening on (http:\S+)/);
    expect(serve.stdout()).toContain('Using the built-in mock upstream (no OPENAI_API_KEY set)');
    expect(serve.stdout()).toContain(`Bulwark gateway listening on http://127.0.0.1:${port}/v1`);

    const base = `http://127.0.0.1:${port}/v1`;
    const chat = (content: string, stream = false) =>
      fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }], stream }),
      });
    const completion = (await (await chat('Echo me through the gateway')).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(completion.choices[0]?.message.content).toBe('Echo me through the gateway');
    const events = await (await chat('And stream me', true)).text();
    expect(events.trimEnd().endsWith('data: [DONE]')).toBe(true);

    // The live status page at / and its data, open like the rest without keys on loopback.
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Bulwark status</title>');
    const status = (await (await fetch(`http://127.0.0.1:${port}/bulwark/status`)).json()) as {
      routes: Record<string, number>;
    };
    expect(status.routes).toEqual({ '/v1/chat/completions': 2 });

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    const requestLine = serve
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['msg'] === 'request');
    expect(requestLine).toMatchObject({ route: '/v1/chat/completions', status: 200 });
  });

  it('uses the mock with --mock even when a key is set, and never prints the key', async () => {
    const port = await freePort();
    const serve = startBulwark(['serve', '--mock', '--port', String(port)], {
      env: { OPENAI_API_KEY: TEST_KEY },
    });
    await waitForLine(serve.stdout, /listening on/);
    expect(serve.stdout()).toContain('Using the built-in mock upstream (--mock)');
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(response.status).toBe(200);
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(serve.stdout() + serve.stderr()).not.toContain(TEST_KEY);
  });

  it('drains and exits 130 on SIGINT', async () => {
    const port = await freePort();
    const serve = startBulwark(['serve', '--port', String(port)]);
    await waitForLine(serve.stdout, /listening on/);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toEqual({ code: 130, signal: null });
    expect(serve.stderr()).toContain('Shutting down');
  });

  it('refuses a non-loopback host without keys, with exit code 2', async () => {
    const refused = startBulwark([
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      String(await freePort()),
    ]);
    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toContain('BULWARK_API_KEYS');
  });
});
