import { describe, expect, it } from 'vitest';
import { inputFile, setup } from '../../test/support/batch-api-setup.js';

describe('the mock Batch API holds', () => {
  it('holds a request at a step until released, and tells when it answered', async () => {
    const { mock, openai, submit } = setup();
    const hold = mock.batches.hold('batches.create', 'response');
    const answered = mock.batches.answered('batches.create');
    const creating = submit(inputFile(1));
    await hold.seen;
    // The batch exists before its creator has an answer.
    expect(mock.batches.list()).toHaveLength(1);
    hold.release();
    const created = await creating;
    await answered;
    expect(created.id).toBe(mock.batches.list()[0]?.['id']);

    const controller = new AbortController();
    const held = mock.batches.hold('batches.retrieve');
    const retrieving = openai.batches.retrieve(created.id, { signal: controller.signal });
    await held.seen;
    controller.abort();
    await expect(retrieving).rejects.toThrow();
  });
});

describe('respond', () => {
  it('answers rows itself when it returns an answer, and leaves the rest to the engine', async () => {
    const { submit, openai, lines } = setup({
      respond: (row) =>
        row.custom_id === 'row-1' ? { status: 200, body: { fixed: row.custom_id } } : undefined,
    });
    const created = await submit(inputFile(2));
    const batch = await openai.batches.retrieve(created.id);
    const output = await lines(batch.output_file_id);
    expect(output.map((line) => (line['response'] as { body: unknown }).body)).toEqual([
      expect.objectContaining({ object: 'chat.completion' }),
      { fixed: 'row-1' },
    ]);
  });
});
