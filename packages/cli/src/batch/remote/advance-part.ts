import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { batchMetadata } from './batch-metadata.js';
import { findPartBatch } from './find-part-batch.js';
import { nextPartStep } from './next-part-step.js';
import type { RemoteBatch } from './remote-batch.js';
import { partFiles, partIdentity, type RemoteRun } from './remote-run.js';
import type { RemotePartState } from './remote-state.js';

/**
 * Records what a batch object says of a part: id, status, counts, files,
 * and why it failed, when it did.
 *
 * @param part - the part's state (changed in place).
 * @param batch - the batch as the API answered.
 */
export function recordBatch(part: RemotePartState, batch: RemoteBatch): void {
  part.batchId = batch.id;
  part.status = batch.status;
  if (batch.request_counts != null) part.counts = batch.request_counts;
  part.outputFileId = batch.output_file_id ?? null;
  part.errorFileId = batch.error_file_id ?? null;
  const errors = batch.errors?.data ?? [];
  if (errors.length > 0) {
    part.failure = errors
      .slice(0, 3)
      .map(
        (error) =>
          `${error.code ?? 'error'}${error.line == null ? '' : ` (line ${error.line})`}: ${error.message ?? ''}`,
      )
      .join('; ');
  }
}

/**
 * Takes a part through the steps that submit it: upload, then find (after a
 * create whose answer was lost) or create. Each step is recorded before it
 * starts and after it ends, so a crash anywhere resumes without creating a
 * second batch for the part.
 *
 * @param run - the run.
 * @param part - the part.
 */
export async function submitPart(run: RemoteRun, part: RemotePartState): Promise<void> {
  for (;;) {
    const step = nextPartStep(part);
    if (step === 'upload') {
      part.uploadStartedAt = run.now();
      run.save();
      const input = partFiles(run, part).input;
      part.fileId = await run.client.uploadFile(input, basename(input));
      run.save();
    } else if (step === 'find') {
      const found = await findPartBatch(
        run.client,
        partIdentity(run, part),
        part.createStartedAt ?? 0,
      );
      if (found === undefined) {
        part.createStartedAt = undefined;
      } else {
        recordBatch(part, found);
      }
      run.save();
    } else if (step === 'create') {
      part.createStartedAt = run.now();
      run.save();
      recordBatch(
        part,
        await run.client.createBatch(part.fileId ?? '', batchMetadata(partIdentity(run, part))),
      );
      run.save();
    } else {
      return;
    }
  }
}

/**
 * Polls a submitted part once, or downloads its files once it ended (each
 * to a `.partial` file renamed when complete, so a cut download is redone).
 *
 * @param run - the run.
 * @param part - the part.
 * @returns whether the part is done (ended and downloaded).
 */
export async function refreshPart(run: RemoteRun, part: RemotePartState): Promise<boolean> {
  const step = nextPartStep(part);
  if (step === 'poll') {
    recordBatch(part, await run.client.retrieveBatch(part.batchId ?? ''));
    run.save();
  }
  if (nextPartStep(part) !== 'download') return nextPartStep(part) === 'done';
  const files = partFiles(run, part);
  for (const [id, target] of [
    [part.outputFileId, files.output],
    [part.errorFileId, files.errors],
  ] as const) {
    await rm(target, { force: true });
    if (id == null) continue;
    await run.client.downloadFile(id, `${target}.partial`);
    await rename(`${target}.partial`, target);
  }
  part.downloaded = true;
  run.save();
  return true;
}
