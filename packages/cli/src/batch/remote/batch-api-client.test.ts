import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBulwarkError } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createBatchApiClient } from './batch-api-client.js';

const KEY = 'sk-test.batch-client-0123456789';

describe('createBatchApiClient', () => {
  it('uploads, creates, retrieves, lists, downloads and cancels against the API', async () => {
    const mock = createMockOpenAI();
    const client = createBatchApiClient({
      baseURL: 'https://api.example.com/v1/',
      apiKey: KEY,
      project: 'proj_1',
      signal: new AbortController().signal,
      fetch: mock.fetch,
    });
    const folder = mkdtempSync(join(tmpdir(), 'bulwark-client-'));
    const row = {
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4', messages: [{ role: 'user', content: 'hi' }] },
    };
    writeFileSync(join(folder, 'in.jsonl'), `${JSON.stringify(row)}\n`);
    const fileId = await client.uploadFile(join(folder, 'in.jsonl'), 'part-0.jsonl');
    expect(mock.batches.files[0]).toMatchObject({
      id: fileId,
      purpose: 'batch',
      filename: 'part-0.jsonl',
    });
    const created = await client.createBatch(fileId, { bulwark_part: '0' });
    expect(created).toMatchObject({ status: 'validating', metadata: { bulwark_part: '0' } });
    const done = await client.retrieveBatch(created.id);
    expect(done.status).toBe('completed');
    expect((await client.listBatches()).data.map((batch) => batch.id)).toEqual([created.id]);
    await client.downloadFile(done.output_file_id ?? '', join(folder, 'out.jsonl'));
    expect(JSON.parse(readFileSync(join(folder, 'out.jsonl'), 'utf8'))).toMatchObject({
      custom_id: 'a',
      response: { status_code: 200 },
    });
    await expect(client.cancelBatch(created.id)).rejects.toMatchObject({ status: 409 });
  });

  it('maps API errors to typed errors without the key', async () => {
    const client = createBatchApiClient({
      baseURL: 'https://api.example.com/v1',
      apiKey: KEY,
      signal: new AbortController().signal,
      fetch: (input, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        return Promise.resolve(
          Response.json(
            {
              error: {
                message: `Incorrect API key provided: ${auth ?? ''}`,
                code: 'invalid_api_key',
              },
            },
            { status: 401, headers: { 'x-request-id': 'req_9' } },
          ),
        );
      },
    });
    const error: unknown = await client.retrieveBatch('batch_1').catch((caught: unknown) => caught);
    expect(isBulwarkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_api_key', status: 401, requestId: 'req_9' });
    expect(String((error as Error).message)).not.toContain(KEY);

    const down = createBatchApiClient({
      baseURL: 'https://api.example.com/v1',
      apiKey: KEY,
      signal: new AbortController().signal,
      fetch: () =>
        Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    });
    await expect(down.listBatches()).rejects.toMatchObject({
      code: 'connection_error',
      retryable: true,
    });
  });
});
