import OpenAI, { toFile } from 'openai';
import { createMockOpenAI } from '../../src/engine/create-mock-openai.js';
import type { MockBatchOptions } from '../../src/batches/mock-batch-options.js';

/** An input file of `count` chat rows `row-0` … for `model`. */
export function inputFile(count: number, model = 'gpt-4'): string {
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      custom_id: `row-${index}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model, messages: [{ role: 'user', content: `row ${index}` }] },
    }),
  ).join('\n');
}

/** A mock on a fake clock, an SDK client on it, and helpers to submit and read files. */
export function setup(batches: MockBatchOptions = {}) {
  let clock = 1_700_000_000_000;
  const mock = createMockOpenAI({ batches, now: () => clock });
  const openai = new OpenAI({ apiKey: 'sk-test.batches', fetch: mock.fetch, maxRetries: 0 });
  const submit = async (content: string, metadata?: Record<string, string>) => {
    const file = await openai.files.create({
      file: await toFile(Buffer.from(content), 'input.jsonl'),
      purpose: 'batch',
    });
    return openai.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      ...(metadata === undefined ? {} : { metadata }),
    });
  };
  const lines = async (fileId: string | null | undefined) => {
    if (fileId == null) return [];
    const text = await (await openai.files.content(fileId)).text();
    return text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { mock, openai, submit, lines, tick: (ms: number) => (clock += ms) };
}
