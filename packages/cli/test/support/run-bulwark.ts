import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary: these tests run `node dist/bin.js` as a user would. */
export const binPath = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** A fake key: it must never show up in any output. */
export const TEST_KEY = 'sk-test.cli-0123456789abcdef';

/** Fails clearly when the package was not built. */
export function assertBuilt(): void {
  if (!existsSync(binPath)) {
    throw new Error(
      `${binPath} is missing: build first with \`pnpm --filter @bulwark/cli... build\``,
    );
  }
}

/** A fresh empty working folder (no stray `.env`). */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
}

/** Options of {@link startBulwark}. */
export interface StartOptions {
  /** Environment on top of a minimal one (PATH only: no inherited keys). */
  env?: Record<string, string | undefined>;
  /** Working folder. @default a fresh temporary folder */
  cwd?: string;
  /** Text written to stdin, then stdin is closed. @default '' */
  stdin?: string;
}

/** A running `bulwark` process with its output collected. */
export interface RunningBulwark {
  child: ChildProcessWithoutNullStreams;
  /** stdout so far. */
  stdout(): string;
  /** stdout `data` events so far (one per chunk the process flushed). */
  stdoutChunks(): string[];
  /** stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills every process still running (for `afterEach`), so that no test leaks into the next. */
export async function killLeftovers(): Promise<void> {
  const waits = [...running].map((child) => {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    return closed;
  });
  await Promise.all(waits);
}

/** Starts `node dist/bin.js ...args`. */
export function startBulwark(args: readonly string[], options: StartOptions = {}): RunningBulwark {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd ?? temporaryFolder(),
    env: { PATH: process.env['PATH'], ...options.env },
  });
  running.add(child);
  child.once('close', () => running.delete(child));
  const chunks: string[] = [];
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (data: string) => chunks.push(data));
  child.stderr.on('data', (data: string) => (stderr += data));
  child.stdin.end(options.stdin ?? '');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => chunks.join(''),
    stdoutChunks: () => [...chunks],
    stderr: () => stderr,
    exited,
  };
}

/** The outcome of {@link runBulwark}. */
export interface BulwarkResult {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutChunks: string[];
}

/** Runs `node dist/bin.js ...args` to its end. */
export async function runBulwark(
  args: readonly string[],
  options: StartOptions = {},
): Promise<BulwarkResult> {
  const running = startBulwark(args, options);
  const { code } = await running.exited;
  return {
    code,
    stdout: running.stdout(),
    stderr: running.stderr(),
    stdoutChunks: running.stdoutChunks(),
  };
}
