import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** A Node program running under callgrind with counting off until {@link countWhile} turns it on. */
export interface CallgrindProcess {
  /** The first `http://` URL the program printed, when it printed one (a server). */
  url: string | undefined;
  /** The next line the program prints on standard output. */
  nextLine(): Promise<string>;
  /**
   * Counts the instructions the process runs while `work` runs, then stops
   * counting: callgrind's `Ir`, which does not depend on the machine's speed.
   */
  countWhile(work: () => Promise<void>): Promise<InstructionCount>;
  /** Writes one line to the program's standard input. */
  send(line: string): void;
  /** Kills the process and removes callgrind's files. */
  stop(): void;
}

/** Instructions counted in one window. */
export interface InstructionCount {
  /** The main thread's: JavaScript, the runtime, and the garbage collector's share there. */
  mainThread: number;
  /** Every thread's: also V8's compiler and garbage-collector helpers, and libuv's pool. */
  allThreads: number;
}

/** Whether `valgrind` is on the PATH. */
export function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `node <args>` under `valgrind --tool=callgrind --instr-atstart=no`,
 * and resolves once it printed a line: its URL for a server, `READY` for a
 * program that reads its orders on standard input.
 */
export async function startCallgrindProcess(
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<CallgrindProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-callgrind-'));
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--separate-threads=yes',
      `--callgrind-out-file=${join(folder, 'callgrind.out')}`,
      process.execPath,
      ...args,
    ],
    { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.resume();
  const lines: Interface = createInterface({ input: child.stdout });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const onExit = () => reject(new Error(`${args.join(' ')} exited under callgrind`));
      child.once('exit', onExit);
      lines.once('line', (line) => {
        child.off('exit', onExit);
        resolve(line);
      });
    });
  const first = await nextLine();
  const control = (...flags: string[]) =>
    execFileSync('callgrind_control', [...flags, String(child.pid)], { stdio: 'ignore' });
  let dumps = 0;
  return {
    url: /(http:\/\/\S+)/.exec(first)?.[1],
    nextLine,
    send: (line) => child.stdin.write(`${line}\n`),
    async countWhile(work) {
      control('--zero');
      control('--instr=on');
      await work();
      control('--dump');
      control('--instr=off');
      dumps += 1;
      // One file a thread: callgrind.out.<dump>-<thread>, the main thread being 01.
      const count = { mainThread: 0, allThreads: 0 };
      for (const file of readdirSync(folder)) {
        const thread = new RegExp(`\\.${dumps}-(\\d+)$`).exec(file)?.[1];
        if (thread === undefined) continue;
        const text = readFileSync(join(folder, file), 'utf8');
        const total = Number(/^summary:\s+(\d+)/m.exec(text)?.[1] ?? 0);
        count.allThreads += total;
        if (Number(thread) === 1) count.mainThread += total;
      }
      if (count.mainThread === 0) throw new Error('callgrind counted nothing on the main thread');
      return count;
    },
    stop() {
      child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
