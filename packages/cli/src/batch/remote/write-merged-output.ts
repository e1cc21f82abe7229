import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mergePartOutputs, type MergeCounts } from './merge-part-outputs.js';
import { partFiles, type RemoteRun } from './remote-run.js';
import type { RemotePartState } from './remote-state.js';
import { syncFolder } from './remote-state.js';

/** The error of rows the API's files left out, by the part's final status. */
function missingError(part: RemotePartState): { code: string; message: string } {
  if (part.status === 'cancelled') {
    return { code: 'batch_cancelled', message: 'The batch was cancelled before this request ran.' };
  }
  if (part.status === 'failed') {
    return {
      code: 'batch_failed',
      message: `The batch failed validation: ${part.failure ?? 'no reason given'}`,
    };
  }
  if (part.status === 'expired') {
    return { code: 'batch_expired', message: 'The batch expired before this request ran.' };
  }
  return {
    code: 'batch_row_missing',
    message: 'The batch ended without a result for this request.',
  };
}

/** Counts of the merged output, with the rows missing from the API's files, by part. */
export interface MergedOutput extends MergeCounts {
  /** `[part index, rows missing]` for every part with rows missing. */
  missingByPart: [number, number][];
}

/**
 * Writes the output of a run whose parts all ended and were downloaded: the
 * parts in order, each in input order, to a temporary file that is flushed
 * and renamed over the output, so the output is either absent, the old one,
 * or whole.
 *
 * @param run - the run.
 */
export async function writeMergedOutput(run: RemoteRun): Promise<MergedOutput> {
  const temporary = `${run.paths.output}.partial`;
  const target = createWriteStream(temporary);
  const total: MergedOutput = { succeeded: 0, failed: 0, missing: 0, missingByPart: [] };
  try {
    for (const part of run.state.parts) {
      const files = partFiles(run, part);
      const counts = await mergePartOutputs(
        { input: files.input, files: [files.output, files.errors], missing: missingError(part) },
        target,
      );
      total.succeeded += counts.succeeded;
      total.failed += counts.failed;
      total.missing += counts.missing;
      if (counts.missing > 0) total.missingByPart.push([part.index, counts.missing]);
    }
  } finally {
    target.end();
    await once(target, 'close');
  }
  const handle = await open(temporary, 'r+');
  await handle.sync();
  await handle.close();
  await rename(temporary, run.paths.output);
  syncFolder(dirname(run.paths.output));
  return total;
}
