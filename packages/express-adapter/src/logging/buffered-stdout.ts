import { writeSync } from 'node:fs';
import { pino } from 'pino';

/** Bytes of log lines gathered before one write to standard output. */
export const LOG_BUFFER_BYTES = 4096;

/** The longest a log line waits in the buffer before it is written. */
export const LOG_FLUSH_AFTER_MS = 100;

/** A pino destination that gathers lines into blocks; see {@link createBufferedStdout}. */
export interface BufferedStdout {
  /** Takes one line (pino calls it for every line). */
  write(line: string): void;
  /** Hands the gathered lines on; `done` is called once they are written (`logger.flush`). */
  flush(done?: (error?: Error | null) => void): void;
  /** Writes the gathered lines and everything queued before them, synchronously. */
  flushSync(): void;
  /** Hands the gathered lines on and closes the destination once they are written. */
  end(): void;
}

// The gathered lines of every buffer that holds some: written synchronously if the process exits.
const pendingAtExit = new Set<() => void>();
let exitHookInstalled = false;

function writeAtExit(write: () => void): void {
  pendingAtExit.add(write);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pending of pendingAtExit) pending();
  });
}

/**
 * Standard output for the gateway's log: lines are gathered here and handed
 * to pino's asynchronous destination (sonic-boom) in blocks of
 * {@link LOG_BUFFER_BYTES}, one system call for some fifteen lines instead of
 * one each, the largest cost of logging under load. A line never waits more
 * than {@link LOG_FLUSH_AFTER_MS}: the first line of a block arms a timer
 * that hands the block on. The timer does not keep the process alive;
 * `logger.flush()` (called by the gateway's `close()`) writes what is left,
 * and lines still gathered when the process exits are written synchronously.
 *
 * Gathered here rather than with sonic-boom's own `minLength`: sonic-boom
 * appends each line to one string and measures that whole string's UTF-8
 * length at every write, some 4,000 instructions a line with 4 KiB blocks.
 *
 * @param fd - the file descriptor. @default 1
 */
export function createBufferedStdout(fd = 1): BufferedStdout {
  // minLength 0: the sink writes each block as soon as the one before it is out.
  const sink = pino.destination({ dest: fd, sync: false });
  // Bytes handed to the sink and bytes it wrote: equal when nothing is in flight.
  let handed = 0;
  let written = 0;
  sink.on('write', (bytes: number) => (written += bytes));
  // A closed pipe (EPIPE) or another write error: pino stops the sink; nothing will drain.
  let failed = false;
  sink.on('error', () => (failed = true));
  let block = '';
  let timer: NodeJS.Timeout | undefined;
  const writeNow = () => {
    const text = block;
    block = '';
    try {
      writeSync(fd, text);
    } catch {
      // The process is exiting: a line that cannot be written has nowhere else to go.
    }
  };
  const release = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pendingAtExit.delete(writeNow);
    if (block === '') return;
    const text = block;
    block = '';
    try {
      sink.write(text);
      handed += Buffer.byteLength(text);
    } catch {
      // Ended already (sonic-boom throws then): a line logged after the end is dropped.
    }
  };
  return {
    write(line) {
      if (block === '') {
        timer = setTimeout(release, LOG_FLUSH_AFTER_MS).unref();
        writeAtExit(writeNow);
      }
      block += line;
      if (block.length >= LOG_BUFFER_BYTES) release();
    },
    flush(done) {
      release();
      // sonic-boom's own flush calls back at once when minLength is 0: wait for its 'drain'.
      if (done === undefined) return;
      if (failed || written >= handed) {
        done();
        return;
      }
      const onDrain = () => {
        sink.off('error', onError);
        done();
      };
      const onError = (error: Error) => {
        sink.off('drain', onDrain);
        done(error);
      };
      sink.once('drain', onDrain);
      sink.once('error', onError);
    },
    flushSync() {
      release();
      sink.flushSync();
    },
    end() {
      release();
      sink.end();
    },
  };
}
