import { describe, expect, it } from 'vitest';
import { parseBatchInput } from './parse-batch-input.js';

const row = (customId: unknown, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4', messages: [{ role: 'user', content: `hello ${String(customId)}` }] },
    ...overrides,
  });

describe('parseBatchInput', () => {
  it('returns every valid row with its line number, skipping blank lines', () => {
    const { rows, problems } = parseBatchInput(`${row('a')}\n\n${row('b')}\r\n`);
    expect(problems).toEqual([]);
    expect(rows.map(({ custom_id, line }) => ({ custom_id, line }))).toEqual([
      { custom_id: 'a', line: 1 },
      { custom_id: 'b', line: 3 },
    ]);
    expect(rows[0]?.body).toMatchObject({ model: 'gpt-4' });
  });

  it('reports every bad line by number: JSON, custom_id, duplicates, method, url, body', () => {
    const text = [
      row('a'),
      '{"custom_id": "b",',
      row('a'),
      row(undefined),
      row(''),
      row('c', { method: 'GET' }),
      row('d', { url: '/v1/embeddings' }),
      row('e', { body: [1] }),
      row('f', { body: { messages: [] } }),
      row('g', { body: { stream: true, messages: [{ role: 'user', content: 'x' }] } }),
      row('h', { body: { temperature: 9, messages: [{ role: 'user', content: 'x' }] } }),
    ].join('\n');
    const { rows, problems } = parseBatchInput(text);
    expect(rows.map((valid) => valid.custom_id)).toEqual(['a']);
    expect(problems).toEqual([
      { line: 2, message: 'not valid JSON' },
      { line: 3, message: 'duplicate custom_id "a" (first on line 1)' },
      { line: 4, message: 'custom_id is missing or not a string' },
      { line: 5, message: 'custom_id is empty' },
      { line: 6, message: 'method must be "POST"' },
      { line: 7, message: 'url must be "/v1/chat/completions"' },
      { line: 8, message: 'body must be a JSON object' },
      { line: 9, message: 'body.messages: at least one message is required' },
      { line: 10, message: 'body.stream: a batch row cannot stream' },
      { line: 11, message: expect.stringMatching(/^body\.temperature: /) },
    ]);
  });

  it('reports a line that is JSON but not an object', () => {
    expect(parseBatchInput('[1,2]\n"text"').problems).toEqual([
      { line: 1, message: 'not a JSON object' },
      { line: 2, message: 'not a JSON object' },
    ]);
  });
});
