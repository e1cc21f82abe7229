import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A running `bulwark serve` process. */
export interface RunningGateway {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  baseURL: string;
  /** Stops the gateway with SIGTERM (a graceful shutdown) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Where the installed `@bulwark/cli` keeps its `bulwark` binary. */
export function bulwarkBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@bulwark/cli/package.json')), 'dist', 'bin.js');
}

/**
 * Starts `bulwark serve --mock --port 0` (the built-in mock upstream, a free
 * port) and resolves once it prints the address it listens on.
 *
 * @param env - the gateway's environment, e.g. `BULWARK_API_KEYS`.
 * @returns the gateway's base URL and a way to stop it.
 * @throws `Error` when the process exits before it listens.
 */
export function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  const child: ChildProcess = spawn(
    process.execPath,
    [bulwarkBinary(), 'serve', '--mock', '--port', '0'],
    {
      env: { PATH: process.env.PATH ?? '', BULWARK_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => (output += text));
    child.stdout?.on('data', (text: string) => {
      output += text;
      const match = /listening on (http:\/\/\S+\/v1)/.exec(output);
      if (match?.[1] === undefined) return;
      resolve({
        baseURL: match[1],
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`bulwark serve exited (${code}): ${output}`)));
  });
}
