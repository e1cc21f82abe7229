import { pino } from 'pino';

/** Bytes of log lines gathered before one write to standard output. */
export const LOG_BUFFER_BYTES = 4096;

/** The longest a log line waits in the buffer before it is written. */
export const LOG_FLUSH_AFTER_MS = 100;

/** A destination that buffers, with the hook that keeps its lines from waiting long. */
export interface BufferedStdout {
  /** Standard output, written asynchronously in blocks of {@link LOG_BUFFER_BYTES}. */
  destination: ReturnType<typeof pino.destination>;
  /** Called for every line written: makes sure a flush is due within {@link LOG_FLUSH_AFTER_MS}. */
  onLine(): void;
}

/**
 * Standard output for the gateway's log: lines are gathered and written in
 * blocks of {@link LOG_BUFFER_BYTES} (one system call for some twenty lines
 * instead of one each, the largest cost of logging under load), and never
 * wait more than {@link LOG_FLUSH_AFTER_MS}: the first line after a write
 * arms a timer that writes the block (without an `fsync`). The timer does not keep the process
 * alive; `logger.flush()` (called by the gateway's `close()`) writes what is left.
 *
 * @param fd - the file descriptor. @default 1
 */
export function createBufferedStdout(fd = 1): BufferedStdout {
  const destination = pino.destination({ dest: fd, sync: false, minLength: LOG_BUFFER_BYTES });
  let armed = false;
  const flush = () => {
    armed = false;
    // No callback: given one, sonic-boom fsyncs the descriptor once the block is out, a disk
    // sync ten times a second under load when standard output is a file.
    try {
      destination.flush();
    } catch {
      // Closed already (it throws then): what was written before the close is out.
    }
  };
  return {
    destination,
    onLine() {
      if (armed) return;
      armed = true;
      setTimeout(flush, LOG_FLUSH_AFTER_MS).unref();
    },
  };
}
