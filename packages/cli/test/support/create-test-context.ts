import { Readable } from 'node:stream';
import type { CliContext, OutputStream } from '../../src/cli-context.js';

/** A stream that keeps what is written to it. */
export interface CapturedStream extends OutputStream {
  /** Everything written so far. */
  readonly text: string;
}

function capture(isTTY: boolean): CapturedStream {
  let text = '';
  return {
    isTTY,
    write(chunk, callback) {
      text += chunk;
      callback?.();
      return true;
    },
    get text() {
      return text;
    },
  };
}

/** Options of {@link createTestContext}. */
export interface TestContextOptions {
  /** Text piped on stdin; without it stdin is a terminal. */
  stdin?: string | undefined;
  /** The environment. @default {} */
  env?: Record<string, string | undefined> | undefined;
  /** The working folder. @default process.cwd() */
  cwd?: string | undefined;
  /** Whether stderr is a terminal. @default false */
  stderrIsTTY?: boolean | undefined;
}

/**
 * A {@link CliContext} for in-process tests: captured stdout and stderr, a
 * given stdin, and an interrupt controller.
 */
export function createTestContext(options: TestContextOptions = {}) {
  const interrupt = new AbortController();
  const stdout = capture(false);
  const stderr = capture(options.stderrIsTTY ?? false);
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), {
    isTTY: options.stdin === undefined,
  });
  const context: CliContext = {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: interrupt.signal,
  };
  return { context, stdout, stderr, interrupt };
}
