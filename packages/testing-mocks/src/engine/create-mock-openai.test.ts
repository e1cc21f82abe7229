import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { chatChunk } from '../builders/chat-chunk.js';
import { createMockOpenAI } from './create-mock-openai.js';

const messages = [{ role: 'user' as const, content: 'Hello there' }];

function clientFor(mock: ReturnType<typeof createMockOpenAI>): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
}

describe('createMockOpenAI', () => {
  it('echoes the last user message when nothing is scripted, with usage and a request id', async () => {
    const mock = createMockOpenAI();
    const { data, response } = await clientFor(mock)
      .chat.completions.create({ model: 'gpt-4', messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello there');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.model).toBe('gpt-4');
    expect(data.id).toMatch(/^chatcmpl-/);
    // 3 framing + "user" (1) + "Hello there" (2) + 3 reply priming
    expect(data.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('cuts the echo at max_tokens with finish_reason length, as the model would', async () => {
    const mock = createMockOpenAI();
    const completion = await clientFor(mock).chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'one two three four five six' }],
      max_tokens: 3,
    });
    expect(completion.choices[0]?.message.content).toBe('one two three');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('answers with reply() on every matching request', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply({ content: 'Scripted', model: 'gpt-4-0613' });
    const client = clientFor(mock);
    for (let round = 0; round < 2; round += 1) {
      const completion = await client.chat.completions.create({ model: 'gpt-4', messages });
      expect(completion.choices[0]?.message.content).toBe('Scripted');
      expect(completion.model).toBe('gpt-4-0613');
    }
  });

  it('uses replyOnce steps in order, then falls back to the echo', async () => {
    const mock = createMockOpenAI();
    mock.onChat().replyOnce('first').replyOnce('second');
    mock.onChat().replyOnce('third');
    const client = clientFor(mock);
    const contents: (string | null | undefined)[] = [];
    for (let round = 0; round < 4; round += 1) {
      const completion = await client.chat.completions.create({ model: 'gpt-4', messages });
      contents.push(completion.choices[0]?.message.content);
    }
    expect(contents).toEqual(['first', 'second', 'third', 'Hello there']);
    expect(() => mock.assertAllConsumed()).not.toThrow();
  });

  it('streams a reply as role, content deltas, finish_reason and [DONE]', async () => {
    const mock = createMockOpenAI();
    mock.onChat().stream('Hello, world!', { chunkSize: 5 });
    const stream = await clientFor(mock).chat.completions.create({
      model: 'gpt-4',
      messages,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello, world!',
    );
    expect(chunks.length).toBe(4);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(
      true,
    );
  });

  it('records calls with the typed body, headers, url, method and time', async () => {
    const mock = createMockOpenAI({ now: () => 1_700_000_000_000 });
    await clientFor(mock).chat.completions.create({ model: 'gpt-4', messages, temperature: 0 });
    expect(mock.calls).toHaveLength(1);
    const [call] = mock.calls;
    expect(call?.body).toMatchObject({ model: 'gpt-4', temperature: 0, messages });
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(call?.method).toBe('POST');
    expect(call?.time).toBe(1_700_000_000_000);
  });

  it('dates replies with its clock', async () => {
    const mock = createMockOpenAI({ now: () => 1_700_000_000_999 });
    const completion = await clientFor(mock).chat.completions.create({ model: 'gpt-4', messages });
    expect(completion.created).toBe(1_700_000_000);
  });

  it('fails with an OpenAI-shaped 429 the SDK raises as RateLimitError', async () => {
    const mock = createMockOpenAI();
    mock.onChat().fail(429, { retryAfterMs: 1500, retryAfter: 2, shouldRetry: true });
    const error = await clientFor(mock)
      .chat.completions.create({ model: 'gpt-4', messages })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimitError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimitError.code).toBe('rate_limit_exceeded');
    expect(rateLimitError.type).toBe('requests');
    expect(rateLimitError.headers.get('retry-after-ms')).toBe('1500');
    expect(rateLimitError.headers.get('retry-after')).toBe('2');
    expect(rateLimitError.headers.get('x-should-retry')).toBe('true');
  });

  it('answers a non-stream request to a stream script with the assembled completion', async () => {
    const mock = createMockOpenAI();
    mock
      .onChat()
      .stream([
        chatChunk({ choices: [{ delta: { role: 'assistant', content: 'Hi ' } }] }),
        chatChunk({ choices: [{ delta: { content: 'you' }, finish_reason: 'stop' }] }),
      ]);
    const completion = await clientFor(mock).chat.completions.create({ model: 'gpt-4', messages });
    expect(completion.choices[0]?.message.content).toBe('Hi you');
    expect(completion.usage?.completion_tokens).toBe(2);
  });
});
