import { isBulwarkError } from '@bulwark/core';
import type { CliContext } from '../../cli-context.js';
import { refreshPart, submitPart } from './advance-part.js';
import { createPollBackoff, sleep } from './poll-backoff.js';
import { createRemoteProgress } from './remote-progress.js';
import type { RemoteRun } from './remote-run.js';
import type { RemotePartState } from './remote-state.js';

/** Attempts at submitting a part (upload and create) before the run gives up. */
const SUBMIT_ATTEMPTS = 5;

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
      await submitWithRetries(run, part, backoff, context);
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

/** Tries to submit a part again after a retryable failure (429, 5xx, network), up to 5 times. */
async function submitWithRetries(
  run: RemoteRun,
  part: RemotePartState,
  backoff: { next(): number; reset(): void },
  context: CliContext,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await submitPart(run, part);
      backoff.reset();
      return;
    } catch (error) {
      const retryable = isBulwarkError(error) && error.retryable;
      if (!retryable || attempt >= SUBMIT_ATTEMPTS || context.signal.aborted) throw error;
      context.stderr.write(`batch: part ${part.index}: ${error.message}; trying again\n`);
      // A create that failed this way may still have created the batch: submitPart finds it first.
      await sleep(
        isBulwarkError(error) ? (error.retryAfterMs ?? backoff.next()) : backoff.next(),
        context.signal,
      );
    }
  }
}
