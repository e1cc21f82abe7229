import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { batchSchemaErrors } from './support/openai-batch-schema-validator.js';

let server: MockServer;
let openai: OpenAI;

beforeAll(async () => {
  server = await startMockServer({ batches: { rowsPerStep: 1 } });
  openai = new OpenAI({ apiKey: 'sk-test.server-batches', baseURL: server.url, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

const input = ['a', 'b']
  .map((id) =>
    JSON.stringify({
      custom_id: id,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4', messages: [{ role: 'user', content: id }] },
    }),
  )
  .join('\n');

describe('the mock server’s Files and Batches API', () => {
  it('serves a whole batch over HTTP, and a download held halfway is cut when its client leaves', async () => {
    const file = await openai.files.create({
      file: await toFile(Buffer.from(input), 'in.jsonl'),
      purpose: 'batch',
    });
    expect(batchSchemaErrors('OpenAIFile', file)).toEqual([]);
    const created = await openai.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { part: '0' },
    });
    let batch = created;
    while (batch.status !== 'completed') batch = await openai.batches.retrieve(created.id);
    expect(batch.request_counts).toEqual({ total: 2, completed: 2, failed: 0 });
    expect(batchSchemaErrors('Batch', batch)).toEqual([]);
    const outputId = batch.output_file_id ?? '';
    const text = await (await openai.files.content(outputId)).text();
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      expect.objectContaining({ custom_id: 'a' }),
      expect.objectContaining({ custom_id: 'b' }),
    ]);
    for (const line of lines) expect(batchSchemaErrors('BatchRequestOutput', line)).toEqual([]);

    const hold = server.mock.batches.hold('files.content', 'response');
    const controller = new AbortController();
    const response = await fetch(`${server.url}/files/${outputId}/content`, {
      signal: controller.signal,
    });
    await hold.seen;
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(first?.value?.length).toBe(Math.floor(Buffer.byteLength(text) / 2));
    controller.abort();
    await expect(reader?.read()).rejects.toThrow();
  });
});
