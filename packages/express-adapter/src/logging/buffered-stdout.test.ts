import fs, { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBufferedStdout, LOG_BUFFER_BYTES, LOG_FLUSH_AFTER_MS } from './buffered-stdout.js';

function openLogFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'bulwark-log-')), 'out.log');
  const fd = openSync(path, 'w');
  return { path, fd, read: () => readFileSync(path, 'utf8') };
}

/** Calls `flush` and waits for its callback. */
function flushed(stdout: ReturnType<typeof createBufferedStdout>) {
  return new Promise<void>((resolve, reject) =>
    stdout.flush((error) => (error ? reject(error) : resolve())),
  );
}

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createBufferedStdout', () => {
  it('holds a short line until the flush timer, then writes it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.write('{"msg":"one"}\n');
    await turns(2);
    expect(file.read()).toBe('');
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS - 1);
    await turns(2);
    expect(file.read()).toBe('');
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"one"}\n'));
    closeSync(file.fd);
  });

  it('writes a full block at once, without waiting for the timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    const line = `${'x'.repeat(99)}\n`;
    const lines = Math.ceil(LOG_BUFFER_BYTES / line.length);
    for (let index = 0; index < lines; index += 1) stdout.write(line);
    expect(vi.getTimerCount()).toBe(0);
    await vi.waitFor(() => expect(file.read().length).toBe(lines * line.length));
    closeSync(file.fd);
  });

  it('keeps the order of blocks handed on while one is still being written', async () => {
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    const expected: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      const line = `{"n":${index},"pad":"${'y'.repeat(80)}"}\n`;
      expected.push(line);
      stdout.write(line);
    }
    await flushed(stdout);
    expect(file.read()).toBe(expected.join(''));
    closeSync(file.fd);
  });

  it('arms one timer for a block, and a new one for the next', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    for (let index = 0; index < 5; index += 1) stdout.write('{"msg":"line"}\n');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    expect(vi.getTimerCount()).toBe(0);
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"line"}\n'.repeat(5)));
    stdout.write('{"msg":"next"}\n');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    await vi.waitFor(() => expect(file.read()).toContain('next'));
    closeSync(file.fd);
  });

  it('writes the block on the timer without syncing the file to disk', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fsync = vi.spyOn(fs, 'fsync');
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.write('{"msg":"one"}\n');
    vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS);
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"one"}\n'));
    await turns(3);
    expect(fsync).not.toHaveBeenCalled();
    closeSync(file.fd);
  });

  it('calls back from flush once the gathered lines are written', async () => {
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.write('{"msg":"last"}\n');
    await flushed(stdout);
    expect(file.read()).toBe('{"msg":"last"}\n');
    await flushed(stdout);
    closeSync(file.fd);
  });

  it('writes the gathered lines synchronously on flushSync', () => {
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.write('{"msg":"now"}\n');
    stdout.flushSync();
    expect(file.read()).toBe('{"msg":"now"}\n');
    closeSync(file.fd);
  });

  it('drops a line logged after the end instead of throwing from its timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = openLogFile();
    const stdout = createBufferedStdout(file.fd);
    stdout.write('{"msg":"last"}\n');
    stdout.end();
    await vi.waitFor(() => expect(file.read()).toBe('{"msg":"last"}\n'));
    // The sink closes once its last write is released.
    await turns(5);
    stdout.write('{"msg":"late"}\n');
    expect(() => vi.advanceTimersByTime(LOG_FLUSH_AFTER_MS)).not.toThrow();
    await turns(2);
    expect(file.read()).toBe('{"msg":"last"}\n');
  });
});
