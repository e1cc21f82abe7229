import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

/** A child process that printed the URL it listens on. */
export interface ListeningChild {
  child: ChildProcess;
  url: string;
}

/** How many lines a child may print (a banner) before its URL. */
const MAX_LINES_BEFORE_URL = 20;

/**
 * Starts a Node child process (in `cwd`, with `env` when given, else this
 * process's environment) and resolves with the first `http://` URL it
 * prints on standard output (lines before it, such as a banner, are
 * skipped). A child that exits first, or prints no URL in its first lines,
 * is an error, and is stopped.
 */
export async function startListeningChild(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ListeningChild> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (child.stdout === null) throw new Error('the child has no stdout');
  const lines = createInterface({ input: child.stdout });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let count = 0;
      lines.on('line', (line) => {
        const found = /(http:\/\/\S+)/.exec(line)?.[1];
        count += 1;
        if (found !== undefined) resolve(found);
        else if (count >= MAX_LINES_BEFORE_URL) {
          reject(new Error(`${args.join(' ')} printed no URL in its first ${count} lines`));
        }
      });
      child.once('exit', () => reject(new Error(`${args.join(' ')} exited before it listened`)));
    });
    // Keep reading so that a chatty child never blocks on a full pipe, but without splitting
    // its output into lines here: this process runs the load generator.
    lines.close();
    child.stdout.resume();
    return { child, url };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
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
