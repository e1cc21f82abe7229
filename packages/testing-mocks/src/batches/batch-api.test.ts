import { describe, expect, it } from 'vitest';
import { batchSchemaErrors } from '../../test/support/openai-batch-schema-validator.js';
import { inputFile, setup } from '../../test/support/batch-api-setup.js';

describe('the mock Files and Batches API', () => {
  it('uploads, creates, progresses on each retrieve and writes schema-valid files', async () => {
    const { mock, openai, submit, lines } = setup({ rowsPerStep: 2 });
    mock.onChat({ content: 'row 3' }).fail(400, { message: 'bad row', code: 'invalid_value' });
    const created = await submit(inputFile(5), { job: 'nightly' });
    expect(batchSchemaErrors('Batch', created)).toEqual([]);
    expect(created).toMatchObject({ status: 'validating', metadata: { job: 'nightly' } });
    const [upload] = mock.batches.files;
    expect(upload).toMatchObject({ purpose: 'batch', filename: 'input.jsonl' });
    expect(batchSchemaErrors('OpenAIFile', await openai.files.retrieve(upload?.id ?? ''))).toEqual(
      [],
    );

    const statuses: string[] = [];
    let batch = created;
    while (batch.status !== 'completed') {
      batch = await openai.batches.retrieve(created.id);
      expect(batchSchemaErrors('Batch', batch)).toEqual([]);
      statuses.push(
        `${batch.status} ${batch.request_counts?.completed}/${batch.request_counts?.failed}`,
      );
    }
    expect(statuses).toEqual(['in_progress 2/0', 'in_progress 3/1', 'completed 4/1']);
    const output = await lines(batch.output_file_id);
    const errors = await lines(batch.error_file_id);
    for (const line of [...output, ...errors])
      expect(batchSchemaErrors('BatchRequestOutput', line)).toEqual([]);
    expect(output.map((line) => line['custom_id'])).toEqual(['row-0', 'row-1', 'row-2', 'row-4']);
    expect(output[0]).toMatchObject({
      response: { status_code: 200, body: { object: 'chat.completion' } },
      error: null,
    });
    expect(errors).toEqual([
      expect.objectContaining({
        custom_id: 'row-3',
        response: expect.objectContaining({
          status_code: 400,
          body: { error: expect.objectContaining({ message: 'bad row', code: 'invalid_value' }) },
        }),
        error: null,
      }),
    ]);
    expect(mock.calls).toHaveLength(5);
  });

  it('lists newest first with cursors, and matches what was created', async () => {
    const { mock, openai, submit } = setup();
    const ids = [];
    for (let index = 0; index < 3; index += 1)
      ids.push((await submit(inputFile(1), { part: `${index}` })).id);
    const page = await openai.batches.list({ limit: 2 });
    const raw: unknown = await (await mock.fetch('http://mock.test/v1/batches?limit=2')).json();
    expect(batchSchemaErrors('ListBatchesResponse', raw)).toEqual([]);
    expect(raw).toMatchObject({ first_id: ids[2], last_id: ids[1], has_more: true });
    expect(page.data.map((batch) => batch.id)).toEqual([ids[2], ids[1]]);
    const all = [];
    for await (const batch of openai.batches.list({ limit: 2 })) all.push(batch.metadata?.['part']);
    expect(all).toEqual(['2', '1', '0']);
  });

  it('expires: rows not run become batch_expired errors', async () => {
    const { openai, submit, lines } = setup({ rowsPerStep: 1, expireAfterSteps: 2 });
    const created = await submit(inputFile(3));
    await openai.batches.retrieve(created.id);
    const batch = await openai.batches.retrieve(created.id);
    expect(batch).toMatchObject({
      status: 'expired',
      request_counts: { total: 3, completed: 1, failed: 2 },
    });
    expect(batchSchemaErrors('Batch', batch)).toEqual([]);
    const errors = await lines(batch.error_file_id);
    expect(errors.map((line) => [line['custom_id'], line['response'], line['error']])).toEqual([
      ['row-1', null, { code: 'batch_expired', message: expect.any(String) }],
      ['row-2', null, { code: 'batch_expired', message: expect.any(String) }],
    ]);
    for (const line of errors) expect(batchSchemaErrors('BatchRequestOutput', line)).toEqual([]);
  });

  it('expires a batch still validating: every row is batch_expired', async () => {
    const { openai, submit, lines } = setup({ expireAfterSteps: 1 });
    const created = await submit(inputFile(2));
    const batch = await openai.batches.retrieve(created.id);
    expect(batch).toMatchObject({ status: 'expired', request_counts: { total: 2, failed: 2 } });
    expect((await lines(batch.error_file_id)).map((line) => line['custom_id'])).toEqual([
      'row-0',
      'row-1',
    ]);
  });

  it('cancels: cancelling, then cancelled with the rows run so far', async () => {
    const { openai, submit, lines } = setup({ rowsPerStep: 1 });
    const created = await submit(inputFile(3));
    await openai.batches.retrieve(created.id);
    const cancelling = await openai.batches.cancel(created.id);
    expect(cancelling.status).toBe('cancelling');
    const cancelled = await openai.batches.retrieve(created.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', request_counts: { completed: 1 } });
    expect((await lines(cancelled.output_file_id)).map((line) => line['custom_id'])).toEqual([
      'row-0',
    ]);
    await expect(openai.batches.cancel(created.id)).rejects.toMatchObject({ status: 409 });
  });

  it('fails a batch whose input breaks the rules, and refuses bad create requests', async () => {
    const { openai, submit } = setup();
    const mixed = `${inputFile(1)}\n${inputFile(2, 'gpt-4o').split('\n')[1]}\n${inputFile(1)}`;
    const created = await submit(mixed);
    const batch = await openai.batches.retrieve(created.id);
    expect(batch.status).toBe('failed');
    expect(batch.errors?.data?.map((error) => [error.code, error.line])).toEqual([
      ['mismatched_model', 2],
      ['duplicate_custom_id', 3],
    ]);
    await expect(
      openai.batches.create({
        input_file_id: 'file-none',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      }),
    ).rejects.toMatchObject({ status: 400, param: 'input_file_id' });
    await expect(openai.batches.retrieve('batch_none')).rejects.toMatchObject({ status: 404 });
  });
});
