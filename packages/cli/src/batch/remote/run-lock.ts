import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { UsageError } from '../../errors/usage-error.js';

/**
 * Takes the lock of a remote run (`<output>.remote.lock`, holding the pid),
 * so that two processes never submit the same parts: a lock whose process is
 * gone (a crash, `kill -9`) is taken over. Returns the function that releases it.
 *
 * @param path - the lock file.
 * @param name - the output, as named in messages.
 * @throws UsageError when a live process holds the lock.
 */
export function takeRunLock(path: string, name: string): () => void {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let handle: number;
    try {
      handle = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readOrEmpty(path), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new UsageError(`Another bulwark batch (pid ${holder}) is running on ${name}`);
      }
      // Left by a process that is gone: take it over.
      unlinkQuietly(path);
      continue;
    }
    writeSync(handle, String(process.pid));
    closeSync(handle);
    return () => unlinkQuietly(path);
  }
  throw new UsageError(`Could not take ${path}: another process keeps taking it`);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
