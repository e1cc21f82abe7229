import { startMockServer, type MockServer } from '@bulwark/testing-mocks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assertBuilt,
  killLeftovers,
  runBulwark,
  startBulwark,
  TEST_KEY,
} from './support/run-bulwark.js';

let server: MockServer;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  server = await startMockServer();
  env = { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: server.url, BULWARK_MAX_ATTEMPTS: '1' };
});
afterEach(async () => {
  await killLeftovers();
  server.mock.reset();
});
afterAll(async () => {
  await server.close();
});

describe('bulwark chat', { timeout: 20_000 }, () => {
  it('answers a prompt given as an argument, with the flags in the request', async () => {
    server.mock.onChat().reply('Retries, then calm.');
    const result = await runBulwark(
      [
        'chat',
        'Write a haiku',
        '--model',
        'gpt-4',
        '--system',
        'Be brief',
        '--temperature',
        '0.3',
        '--max-tokens',
        '50',
      ],
      { env },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'Retries, then calm.\n', stderr: '' });
    expect(server.mock.calls).toHaveLength(1);
    expect(server.mock.calls[0]?.body).toMatchObject({
      model: 'gpt-4',
      stream: true,
      temperature: 0.3,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Write a haiku' },
      ],
    });
  });

  it('reads the prompt from stdin when no argument is given', async () => {
    const result = await runBulwark(['chat'], { env, stdin: 'echo me back\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('echo me back\n');
    expect(server.mock.calls[0]?.body.messages).toEqual([
      { role: 'user', content: 'echo me back' },
    ]);
  });

  it('streams tokens to stdout as they arrive', async () => {
    server.mock.onChat().stream('one two three four five six', { chunkSize: 4, delayMs: 40 });
    const result = await runBulwark(['chat', 'count'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('one two three four five six\n');
    // Each delta was written as it came, not once at the end.
    expect(result.stdoutChunks.length).toBeGreaterThanOrEqual(4);
  });

  it('waits for the whole answer with --no-stream', async () => {
    server.mock.onChat().reply('all at once');
    const result = await runBulwark(['chat', '--no-stream', 'hi'], { env });
    expect(result).toMatchObject({ code: 0, stdout: 'all at once\n' });
    expect(server.mock.calls[0]?.body.stream).not.toBe(true);
  });

  it('prints the whole ChatCompletion as JSON with --json', async () => {
    server.mock.onChat().reply('as json');
    const result = await runBulwark(['chat', '--json', 'hi'], { env });
    expect(result.code).toBe(0);
    const completion = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(completion).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'as json' }, finish_reason: 'stop' }],
      usage: { total_tokens: expect.any(Number) },
    });
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('exits 1 with one line and the error code when the upstream fails, never showing the key', async () => {
    server.mock.onChat().fail(500, { message: 'upstream exploded' });
    const failed = await runBulwark(['chat', 'hi'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^bulwark: .*\[server_error\]\n$/);

    server.mock.reset();
    server.mock
      .onChat()
      .fail(401, { code: 'invalid_api_key', message: `Incorrect API key provided: ${TEST_KEY}` });
    const rejected = await runBulwark(['chat', 'hi'], { env });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('[invalid_api_key]');
    expect(rejected.stderr).not.toContain(TEST_KEY);
  });

  it('exits 2 for usage and configuration errors, before anything is sent', async () => {
    const [noPrompt, badFlag, badValue, badEnv, noKey, unknown] = await Promise.all([
      runBulwark(['chat'], { env }),
      runBulwark(['chat', '--temperature', 'warm', 'hi'], { env }),
      runBulwark(['chat', '--temperature', '7', 'hi'], { env }),
      runBulwark(['chat', 'hi'], { env: { ...env, BULWARK_RPM: 'fast' } }),
      runBulwark(['chat', 'hi'], { env: { OPENAI_BASE_URL: 'https://api.example.com/v1' } }),
      runBulwark(['chat', '--frobnicate', 'hi'], { env }),
    ]);
    expect(noPrompt.code).toBe(2);
    expect(noPrompt.stderr).toContain('[usage_error]');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--temperature <number>' argument 'warm' is invalid");
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('[invalid_request]');
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/BULWARK_RPM: .*\[invalid_config\]/);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('OPENAI_API_KEY');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
    expect(server.mock.calls).toHaveLength(0);
  });

  it('ends quietly when the reader of stdout goes away', async () => {
    server.mock.onChat().stream('x'.repeat(400), { chunkSize: 2, delayMs: 5 });
    const running = startBulwark(['chat', 'hi'], { env });
    running.child.stdout.once('data', () => running.child.stdout.destroy());
    const { code } = await running.exited;
    expect(code).toBe(0);
    expect(running.stderr()).toBe('');
  });

  it('exits 130 when interrupted (SIGINT) while waiting for the answer', async () => {
    server.mock.onChat().hang();
    const running = startBulwark(['chat', 'hi'], { env });
    await vi.waitFor(() => expect(server.mock.calls).toHaveLength(1), { timeout: 10_000 });
    running.child.kill('SIGINT');
    const { code } = await running.exited;
    expect(code).toBe(130);
    expect(running.stdout()).toBe('');
  });
});

describe('bulwark', { timeout: 20_000 }, () => {
  it('prints help and the version with exit code 0', async () => {
    const help = await runBulwark(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/chat[\s\S]*batch[\s\S]*doctor/);
    const chatHelp = await runBulwark(['chat', '--help']);
    expect(chatHelp.stdout).toContain('--no-stream');
    const version = await runBulwark(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('exits 2 for an unknown command', async () => {
    const result = await runBulwark(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});
