import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const countsSchema = z.object({ total: z.number(), completed: z.number(), failed: z.number() });

/** What is known of one part of a remote run, step by step. */
export const remotePartStateSchema = z.object({
  /** 0-based part number. */
  index: z.number().int(),
  /** Rows in the part. */
  rows: z.number().int(),
  /** Upload: started (time), then done (file id). */
  uploadStartedAt: z.number().optional(),
  fileId: z.string().optional(),
  /** Create: started (time), then done (batch id). */
  createStartedAt: z.number().optional(),
  batchId: z.string().optional(),
  /** The last status seen, with its counts and files. */
  status: z.string().optional(),
  counts: countsSchema.optional(),
  outputFileId: z.string().nullish(),
  errorFileId: z.string().nullish(),
  /** Why the batch failed validation, when it did. */
  failure: z.string().optional(),
  /** Download: done once both files are on disk, complete. */
  downloaded: z.boolean().optional(),
});

/** What is known of one part; see {@link remotePartStateSchema}. */
export type RemotePartState = z.infer<typeof remotePartStateSchema>;

/** The state file of a remote run (`<output>.remote.json`). */
export const remoteStateSchema = z.object({
  version: z.literal(1),
  /** Random id of this run, in every batch's metadata (`bulwark_job`). */
  job: z.string(),
  /** SHA-256 of the input: a rerun with another input is refused. */
  inputSha256: z.string(),
  /** Rows in the input. */
  rows: z.number().int(),
  /** The parts, in input order. */
  parts: z.array(remotePartStateSchema),
  /** Set once the output file was written whole. */
  merged: z.boolean().optional(),
  /** Rows of the output that succeeded and failed, once merged. */
  outcome: z.object({ succeeded: z.number(), failed: z.number() }).optional(),
  /** A `--retry-failed` round in progress (its own run beside the output), and rounds done. */
  retry: z.object({ round: z.number().int() }).optional(),
  retryRounds: z.number().int().optional(),
});

/** The state file of a remote run; see {@link remoteStateSchema}. */
export type RemoteState = z.infer<typeof remoteStateSchema>;

/**
 * Reads the state file, or `undefined` when there is none.
 *
 * @param path - the state file.
 * @throws Error when the file exists but is not a state file (it is never overwritten then).
 */
export function readRemoteState(path: string): RemoteState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = remoteStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a state file of bulwark batch --remote`);
  return parsed.data;
}

/**
 * Replaces the state file atomically and durably: written to a temporary
 * file, flushed (`fsync`), renamed over the old one, and the folder flushed,
 * so a crash leaves either the old state or the new one, never a torn file.
 *
 * @param path - the state file.
 * @param state - the new state.
 */
export function writeRemoteState(path: string, state: RemoteState): void {
  const temporary = `${path}.tmp`;
  const file = openSync(temporary, 'w');
  try {
    writeSync(file, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
  syncFolder(dirname(path));
}

/** Flushes a folder's entries (the rename) to disk; a no-op where folders cannot be opened. */
export function syncFolder(folder: string): void {
  let handle: number | undefined;
  try {
    handle = openSync(folder, 'r');
    fsyncSync(handle);
  } catch {
    // Windows cannot fsync a folder; the rename is as durable as it gets there.
  } finally {
    if (handle !== undefined) closeSync(handle);
  }
}
