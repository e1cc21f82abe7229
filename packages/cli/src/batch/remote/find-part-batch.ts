import type { BatchApiClient } from './batch-api-client.js';
import { matchesPart, type PartIdentity } from './batch-metadata.js';
import type { RemoteBatch } from './remote-batch.js';

/** Batches created this long before the create was recorded as started still count (clock skew), in s. */
const SKEW_SECONDS = 600;

/**
 * Looks for the batch of a part whose create was started but never recorded
 * (a crash between the request and the state file): pages through
 * `GET /batches`, newest first, until a batch's metadata matches, or the
 * batches are older than the create (less a margin for clock skew).
 *
 * @param client - the Batch API client.
 * @param identity - the run, round and part.
 * @param startedAt - when the create was started, ms since the epoch.
 * @returns the batch, or `undefined` when the create never reached OpenAI.
 */
export async function findPartBatch(
  client: BatchApiClient,
  identity: PartIdentity,
  startedAt: number,
): Promise<RemoteBatch | undefined> {
  const oldest = startedAt / 1000 - SKEW_SECONDS;
  let after: string | undefined;
  for (;;) {
    const page = await client.listBatches(after);
    for (const batch of page.data) {
      if (matchesPart(batch.metadata, identity)) return batch;
    }
    const last = page.data.at(-1);
    if (!page.has_more || last === undefined || last.created_at < oldest) return undefined;
    after = last.id;
  }
}
