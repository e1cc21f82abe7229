import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeRunLock } from './run-lock.js';

describe('takeRunLock', () => {
  it('is exclusive while its process lives, and taken over once it is gone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-lock-'));
    const path = join(folder, 'out.jsonl.remote.lock');
    // A live process that is not this one: the parent.
    writeFileSync(path, String(process.ppid));
    expect(() => takeRunLock(path, 'out.jsonl')).toThrow(/Another bulwark batch \(pid \d+\)/);
    // A pid no process has.
    writeFileSync(path, '2147483646');
    const release = takeRunLock(path, 'out.jsonl');
    expect(existsSync(path)).toBe(true);
    release();
    expect(existsSync(path)).toBe(false);
  });
});
