import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (data: string) => {
      output += data;
      const end = output.indexOf('\n');
      if (end >= 0) resolve(output.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`bulwark-mock exited early with ${code}`)));
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// Each test starts a process: on a loaded 2-core machine (all packages' suites at once) that takes seconds.
describe('bulwark-mock', { timeout: 30_000 }, () => {
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(() => {
    // `turbo run test` builds first; a bare `vitest run` builds here.
    if (!existsSync(binPath)) {
      spawnSync(fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url)), {
        cwd: packageRoot,
        stdio: 'ignore',
      });
    }
  }, 60_000);

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('prints its address, serves the SDK, and exits cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, [binPath, '--port', '0'], {
      env: { ...process.env, BULWARK_HOST: '127.0.0.1' },
    });
    const line = await firstLine(child);
    const match = /^Mock OpenAI listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
    expect(match).not.toBeNull();
    const openai = new OpenAI({ apiKey: 'sk-test', baseURL: match?.[1] ?? '', maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'from another process' }],
    });
    expect(completion.choices[0]?.message.content).toBe('from another process');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('takes the port from BULWARK_PORT and enforces --rpm', async () => {
    const port = String(await freePort());
    child = spawn(process.execPath, [binPath, '--rpm', '1'], {
      env: { ...process.env, BULWARK_PORT: port },
    });
    expect(await firstLine(child)).toBe(`Mock OpenAI listening on http://127.0.0.1:${port}/v1`);
    const openai = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
    });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await openai.chat.completions.create({ model: 'gpt-4', messages });
    await expect(
      openai.chat.completions.create({ model: 'gpt-4', messages }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('rejects an unknown flag with exit code 2', () => {
    const result = spawnSync(process.execPath, [binPath, '--nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Usage: bulwark-mock/);
  });
});
