import fs, { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBufferedStdout, LOG_BUFFER_BYTES, LOG_FLUSH_AFTER_MS } from './buffered-stdout.js';

function openLogFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'bulwark-log-')), 'out.log');
  const fd = openSync(path, 'w');
  return { path, fd, read: () => readFileSync(path, 'utf8') };
}

/** Waits for the destination's pending writes (real I/O) to finish. */
function settled(stdout: ReturnType<typeof createBufferedStdout>) {
  return new Promise<void>((resolve, reject) =>
    stdout.destination.flush((error) => (error ? reject(error) : resolve())),
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createBufferedStdout', () => {
  it('holds a short line until the flush timer, then writes it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.onLine();
    stdout.destination.write('{"msg":"one"}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(file.read()).toBe('');
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(file.read()).toBe('');
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"one"}\n'));
    closeSync(file.fd);
  });

  it('writes the block on the timer without syncing the file to disk', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const fsync = vi.spyOn(fs, 'fsync');
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.onLine();
    stdout.destination.write('{"msg":"one"}\n');
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"one"}\n'));
    // sonic-boom would call fsync from its 'drain' event, once the write is released.
    for (let tick = 0; tick < 3; tick += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(fsync).not.toHaveBeenCalled();
    closeSync(file.fd);
  });

  it('writes a full block at once, without waiting for the timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    const line = `${'x'.repeat(99)}\n`;
    const lines = Math.ceil(LOG_BUFFER_BYTES / line.length);
    for (let index = 0; index < lines; index += 1) {
      stdout.onLine();
      stdout.destination.write(line);
    }
    await vi.waitFor(() => expect(file.read().length).toBe(lines * line.length));
    closeSync(file.fd);
  });

  it('arms one timer for many lines, and a new one after each flush', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    for (let index = 0; index < 5; index += 1) stdout.onLine();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    await settled(stdout);
    expect(vi.getTimerCount()).toBe(0);
    stdout.onLine();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    closeSync(file.fd);
  });

  it('does not throw when the timer fires after the destination was closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.onLine();
    stdout.destination.write('{"msg":"last"}\n');
    stdout.destination.end();
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"last"}\n'));
    expect(() => vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS)).not.toThrow();
  });
});
