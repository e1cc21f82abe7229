// `bulwark chat` against a gateway on this machine (`bulwark serve`, which
// holds the upstream key itself, here the built-in mock) needs no
// OPENAI_API_KEY; with a gateway that requires keys, OPENAI_API_KEY is the gateway key.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { assertBuilt, killLeftovers, runBulwark, startBulwark } from './support/run-bulwark.js';

beforeAll(assertBuilt);
afterEach(killLeftovers);

async function serve(env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const server = startBulwark(['serve', '--port', String(port)], { env });
  await expect.poll(() => server.stdout(), { timeout: 10_000 }).toMatch(/listening on/);
  return `http://127.0.0.1:${port}/v1`;
}

describe('bulwark chat against a local gateway', { timeout: 30_000 }, () => {
  it('needs no OPENAI_API_KEY, with --base-url or OPENAI_BASE_URL', async () => {
    const baseURL = await serve();
    const byFlag = await runBulwark(['chat', '--base-url', baseURL, 'echo through the gateway']);
    expect(byFlag).toMatchObject({ code: 0, stdout: 'echo through the gateway\n', stderr: '' });
    const byVariable = await runBulwark(['chat', '--no-stream', 'and by variable'], {
      env: { OPENAI_BASE_URL: baseURL },
    });
    expect(byVariable).toMatchObject({ code: 0, stdout: 'and by variable\n' });

    const doctor = await runBulwark(['doctor'], { env: { OPENAI_BASE_URL: baseURL } });
    expect(doctor.stdout + doctor.stderr).toContain('API key: not set (a loopback upstream');
    expect(doctor.code).toBe(0);
  });

  it('sends OPENAI_API_KEY as the gateway key when the gateway requires one', async () => {
    const gatewayKey = 'sk-test.gateway-key-for-chat';
    const baseURL = await serve({ BULWARK_API_KEYS: gatewayKey });
    const refused = await runBulwark(['chat', '--base-url', baseURL, 'no key']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[invalid_api_key]');
    const answered = await runBulwark(['chat', '--base-url', baseURL, 'with the key'], {
      env: { OPENAI_API_KEY: gatewayKey },
    });
    expect(answered).toMatchObject({ code: 0, stdout: 'with the key\n' });
  });

  it('still asks for a key when the upstream is remote', async () => {
    const result = await runBulwark(['chat', '--base-url', 'https://api.example.com/v1', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });
});
