import type { CliContext } from '../../cli-context.js';
import { refreshPart, submitPart } from './advance-part.js';
import { createPollBackoff, sleep } from './poll-backoff.js';
import { createRemoteProgress } from './remote-progress.js';
import type { RemoteRun } from './remote-run.js';

/**
 * Submits every part of a run, then polls with backoff (the first poll at
 * once, then 1 s, 1.5 s … up to 60 s) and downloads each part as it ends; a
 * failed poll or download is tried again at the next poll. Returns whether
 * every part is done: `false` after one round with `wait: false`
 * (`--no-wait`), or after an interrupt.
 *
 * @param run - the run.
 * @param options - whether to wait, and the first wait between polls.
 * @param context - stderr (progress) and the interrupt signal.
 */
export async function collectParts(
  run: RemoteRun,
  options: { wait: boolean; pollIntervalMs?: number | undefined },
  context: CliContext,
): Promise<boolean> {
  const { parts } = run.state;
  const progress = createRemoteProgress(context.stderr, run.state.rows);
  const backoff = createPollBackoff(
    options.pollIntervalMs === undefined ? {} : { initialMs: options.pollIntervalMs },
  );
  try {
    for (const part of parts) {
      await submitPart(run, part);
      progress.update(parts);
    }
    for (;;) {
      let finished = 0;
      for (const part of parts) {
        try {
          if (await refreshPart(run, part)) finished += 1;
        } catch (error) {
          if (context.signal.aborted) return false;
          context.stderr.write(
            `batch: part ${part.index}: ${error instanceof Error ? error.message : String(error)}; trying again at the next poll\n`,
          );
        }
      }
      progress.update(parts);
      if (finished === parts.length) return true;
      if (!options.wait) {
        progress.stop();
        context.stderr.write(
          `batch: ${parts.length - finished} of ${parts.length} batches still running; ` +
            'rerun the same command to collect them\n',
        );
        return false;
      }
      await sleep(backoff.next(), context.signal);
      if (context.signal.aborted) return false;
    }
  } finally {
    progress.stop();
  }
}
