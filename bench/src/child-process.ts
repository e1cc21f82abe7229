import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

/** A child process that printed its URL on its first line. */
export interface ListeningChild {
  child: ChildProcess;
  url: string;
}

/** Starts a Node child process and resolves with the first `http://` URL it prints. */
export async function startListeningChild(
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<ListeningChild> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (child.stdout === null) throw new Error('the child has no stdout');
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`${args.join(' ')} exited before it listened`);
    }),
  ])) as [string];
  const url = /(http:\/\/\S+)/.exec(line)?.[1];
  if (url === undefined) throw new Error(`unexpected first line: ${line}`);
  // Keep reading so that a chatty child never blocks on a full pipe.
  child.stdout.resume();
  return { child, url };
}

/** Stops a child with SIGTERM and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Starts the built `bulwark-mock` upstream on a free loopback port; its URL ends in `/v1`. */
export async function startMockUpstream(): Promise<ListeningChild> {
  const bin = join(dirname(require.resolve('@bulwark/testing-mocks/package.json')), 'dist/bin.js');
  return startListeningChild([bin, '--port', '0']);
}
