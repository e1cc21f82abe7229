import { describe, expect, it } from 'vitest';
import type { BatchApiClient } from './batch-api-client.js';
import { batchMetadata, type PartIdentity } from './batch-metadata.js';
import { findPartBatch } from './find-part-batch.js';
import type { RemoteBatch } from './remote-batch.js';

const identity: PartIdentity = { job: 'j1', inputSha256: 'abc', round: 0, part: 1, parts: 3 };

function batch(
  id: string,
  createdAt: number,
  metadata: Record<string, string> | null,
): RemoteBatch {
  return { id, status: 'validating', created_at: createdAt, metadata };
}

function clientOf(batches: RemoteBatch[], pageSize = 2): { client: BatchApiClient; pages: number } {
  const result = { pages: 0, client: {} as BatchApiClient };
  result.client = {
    listBatches: (after?: string) => {
      result.pages += 1;
      const start = after === undefined ? 0 : batches.findIndex((item) => item.id === after) + 1;
      return Promise.resolve({
        data: batches.slice(start, start + pageSize),
        has_more: start + pageSize < batches.length,
      });
    },
  } as BatchApiClient;
  return result;
}

describe('findPartBatch', () => {
  it('pages through the list until the metadata matches this run and part', async () => {
    const mine = batch('batch_mine', 1000, batchMetadata(identity));
    const found = clientOf([
      batch('batch_other_part', 1003, batchMetadata({ ...identity, part: 0 })),
      batch('batch_other_job', 1002, batchMetadata({ ...identity, job: 'j2' })),
      batch('batch_plain', 1001, null),
      mine,
    ]);
    expect(await findPartBatch(found.client, identity, 1_000_000)).toBe(mine);
    expect(found.pages).toBe(2);
  });

  it('stops at batches older than the create (less a margin), and when the list ends', async () => {
    const old = clientOf([
      batch('batch_a', 5000, null),
      batch('batch_b', 100, null),
      batch('batch_c', 50, batchMetadata(identity)),
    ]);
    expect(await findPartBatch(old.client, identity, 5_000_000)).toBeUndefined();
    expect(old.pages).toBe(1);
    const short = clientOf([batch('batch_a', 5000, null)]);
    expect(await findPartBatch(short.client, identity, 5_000_000)).toBeUndefined();
  });
});
