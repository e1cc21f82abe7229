import ora from 'ora';
import type { OutputStream } from '../cli-context.js';

/** A spinner that can be stopped; stopping twice is harmless. */
export interface Spinner {
  /** Removes the spinner from the terminal. */
  stop(): void;
}

/** Options of {@link createSpinner}. */
export interface SpinnerOptions {
  /** Where the spinner is drawn. */
  stream: OutputStream;
  /** Text next to it. */
  text: string;
  /** Whether to colour it (see `useColor`). */
  color: boolean;
}

/**
 * Starts a spinner (ora) on `stream` when it is a terminal; on anything else
 * nothing is drawn at all, so pipes and logs stay clean. Stdin is left alone
 * (ora would otherwise put a terminal's stdin in raw mode).
 *
 * @param options - stream, text and colour.
 */
export function createSpinner(options: SpinnerOptions): Spinner {
  if (options.stream.isTTY !== true) return { stop() {} };
  const spinner = ora({
    text: options.text,
    stream: options.stream as NodeJS.WritableStream,
    color: options.color ? 'cyan' : false,
    discardStdin: false,
    isEnabled: true,
  }).start();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      spinner.stop();
    },
  };
}
