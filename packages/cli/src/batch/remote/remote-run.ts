import { join } from 'node:path';
import type { BatchApiClient } from './batch-api-client.js';
import type { PartIdentity } from './batch-metadata.js';
import { writeRemoteState, type RemotePartState, type RemoteState } from './remote-state.js';

/** Where a remote run keeps its files: all beside the output. */
export interface RemotePaths {
  /** The output JSONL. */
  output: string;
  /** The state file: `<output>.remote.json`. */
  state: string;
  /** The work folder: `<output>.remote/` (part files and downloads). */
  folder: string;
}

/**
 * The paths of a remote run for an output file.
 *
 * @param output - the output JSONL, absolute.
 */
export function remotePaths(output: string): RemotePaths {
  return { output, state: `${output}.remote.json`, folder: `${output}.remote` };
}

/** What every step of a remote run works with. */
export interface RemoteRun {
  readonly client: BatchApiClient;
  readonly paths: RemotePaths;
  readonly state: RemoteState;
  /** Records the state durably (before and after each step). */
  save(): void;
  /** The clock, ms since the epoch. */
  now(): number;
}

/**
 * Creates the context of a remote run.
 *
 * @param client - the Batch API client.
 * @param paths - the run's files.
 * @param state - its state (saved by `save()`).
 * @param now - the clock.
 */
export function createRemoteRun(
  client: BatchApiClient,
  paths: RemotePaths,
  state: RemoteState,
  now: () => number = Date.now,
): RemoteRun {
  return { client, paths, state, now, save: () => writeRemoteState(paths.state, state) };
}

/** The file names of a part in the work folder. */
export function partFiles(
  run: RemoteRun,
  part: RemotePartState,
): { input: string; output: string; errors: string } {
  const base = join(run.paths.folder, `part-${part.index}`);
  return { input: `${base}.jsonl`, output: `${base}.output.jsonl`, errors: `${base}.errors.jsonl` };
}

/** The metadata identity of a part of the run. */
export function partIdentity(run: RemoteRun, part: RemotePartState): PartIdentity {
  return {
    job: run.state.job,
    inputSha256: run.state.inputSha256,
    round: 0,
    part: part.index,
    parts: run.state.parts.length,
  };
}
