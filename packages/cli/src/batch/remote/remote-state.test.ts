import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRemoteState, writeRemoteState, type RemoteState } from './remote-state.js';

describe('the remote state file', () => {
  it('is replaced whole (no temporary file left) and reads back', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-state-'));
    const path = join(folder, 'out.jsonl.remote.json');
    expect(readRemoteState(path)).toBeUndefined();
    const state: RemoteState = {
      version: 1,
      job: 'j',
      inputSha256: 'abc',
      rows: 2,
      parts: [{ index: 0, rows: 2, fileId: 'file-1', createStartedAt: 5 }],
    };
    writeRemoteState(path, state);
    state.parts[0] = {
      index: 0,
      rows: 2,
      fileId: 'file-1',
      createStartedAt: 5,
      batchId: 'batch_1',
    };
    writeRemoteState(path, state);
    expect(readRemoteState(path)).toEqual(state);
    expect(readdirSync(folder)).toEqual(['out.jsonl.remote.json']);
  });

  it('refuses a file that is not a state file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-state-'));
    const path = join(folder, 'x.remote.json');
    writeFileSync(path, '{"version":2}');
    expect(() => readRemoteState(path)).toThrow(/not a state file/);
  });
});
