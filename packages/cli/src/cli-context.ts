/** A writable text stream the CLI prints to, as `process.stdout` is. */
export interface OutputStream {
  /** Writes text; the callback (if any) runs once the chunk is handed over. */
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  /** `true` when the stream is a terminal: enables spinners, bars and colour. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width in columns, when it is a terminal. */
  readonly columns?: number | undefined;
}

/** A readable byte or text stream the CLI reads the prompt from, as `process.stdin` is. */
export interface InputStream extends AsyncIterable<string | Buffer> {
  /** `true` when the stream is a terminal (then no prompt is read from it). */
  readonly isTTY?: boolean | undefined;
}

/**
 * Everything a command touches outside itself, passed in so that the whole
 * CLI runs in a test without a process: streams, environment, working folder,
 * and the signal that an interrupt (SIGINT) aborts.
 */
export interface CliContext {
  /** Where results go (completion text, JSON, reports). */
  readonly stdout: OutputStream;
  /** Where progress, spinners, summaries and errors go. */
  readonly stderr: OutputStream;
  /** Where `bulwark chat` reads its prompt when none is given. */
  readonly stdin: InputStream;
  /** The environment (`OPENAI_API_KEY`, `BULWARK_*`, `NO_COLOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working folder: base of relative paths and of `.env`. */
  readonly cwd: string;
  /** Aborted when the user interrupts (SIGINT); commands stop and exit with 130. */
  readonly signal: AbortSignal;
}
