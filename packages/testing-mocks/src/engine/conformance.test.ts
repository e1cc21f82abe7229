import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../test/support/openai-schema-validator.js';
import { chatChunk } from '../builders/chat-chunk.js';
import { chatCompletion } from '../builders/chat-completion.js';
import { toolCall } from '../builders/tool-call.js';
import { createMockOpenAI } from './create-mock-openai.js';

const messages = [{ role: 'user' as const, content: 'Check me against the schema' }];

async function post(mock: ReturnType<typeof createMockOpenAI>, body: object): Promise<Response> {
  return mock.fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function dataFrames(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
}

describe('conformance with the official OpenAPI schemas', () => {
  it('rejects a broken completion (the validator is real)', () => {
    const broken = { ...chatCompletion('ok'), object: 'completion', choices: [{ index: 0 }] };
    expect(schemaErrors('CreateChatCompletionResponse', broken).length).toBeGreaterThan(0);
    expect(schemaErrors('ErrorResponse', { error: { message: 'no type' } }).length).toBeGreaterThan(
      0,
    );
    expect(
      schemaErrors('CreateChatCompletionStreamResponse', { ...chatChunk('x'), choices: [{}] })
        .length,
    ).toBeGreaterThan(0);
  });

  it('builds schema-valid completions and chunks', () => {
    expect(schemaErrors('CreateChatCompletionResponse', chatCompletion('hi'))).toEqual([]);
    expect(
      schemaErrors(
        'CreateChatCompletionResponse',
        chatCompletion({ toolCalls: [toolCall({ name: 'f', arguments: { a: 1 } })] }),
      ),
    ).toEqual([]);
    expect(schemaErrors('CreateChatCompletionStreamResponse', chatChunk('hi'))).toEqual([]);
  });

  it('answers JSON replies that conform, text and tool calls', async () => {
    const mock = createMockOpenAI();
    mock.onChat().replyOnce('plain text');
    mock.onChat().replyOnce({ toolCalls: [toolCall({ name: 'search', arguments: { q: 'x' } })] });
    for (let round = 0; round < 3; round += 1) {
      const response = await post(mock, { model: 'gpt-4', messages });
      expect(schemaErrors('CreateChatCompletionResponse', await response.json())).toEqual([]);
    }
  });

  it('streams chunks that all conform, usage chunk included', async () => {
    const mock = createMockOpenAI();
    mock.onChat().replyOnce({
      content: 'Some text first',
      toolCalls: [toolCall({ name: 'search', arguments: { q: 'streamed arguments' } })],
    });
    const response = await post(mock, {
      model: 'gpt-4',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const frames = dataFrames(await response.text());
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as unknown);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    }
  });

  it.each([400, 401, 404, 429, 500, 503])(
    'answers %i with a conforming error body',
    async (status) => {
      const mock = createMockOpenAI();
      mock.onChat().failOnce(status);
      const response = await post(mock, { model: 'gpt-4', messages });
      expect(response.status).toBe(status);
      expect(schemaErrors('ErrorResponse', await response.json())).toEqual([]);
    },
  );

  it('answers unknown routes, bad JSON and rate limits with conforming error bodies', async () => {
    const mock = createMockOpenAI({ rateLimit: { rpm: 1 } });
    const notFound = await mock.fetch('https://api.openai.com/v1/nope');
    const badJson = await mock.fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      body: 'not json',
    });
    await post(mock, { model: 'gpt-4', messages });
    const limited = await post(mock, { model: 'gpt-4', messages });
    for (const [response, status] of [
      [notFound, 404],
      [badJson, 400],
      [limited, 429],
    ] as const) {
      expect(response.status).toBe(status);
      expect(schemaErrors('ErrorResponse', await response.json())).toEqual([]);
    }
  });

  it('is what the SDK parses: a conforming completion round-trips through it', async () => {
    const mock = createMockOpenAI();
    const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4', messages });
    expect(schemaErrors('CreateChatCompletionResponse', completion)).toEqual([]);
  });
});
