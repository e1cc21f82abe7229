import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createMockOpenAI, type MockOpenAI } from './create-mock-openai.js';

function ask(
  mock: MockOpenAI,
  content: string,
  model = 'gpt-4',
): Promise<string | null | undefined> {
  const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
  return openai.chat.completions
    .create({
      model,
      messages: [
        { role: 'user', content: 'an earlier question' },
        { role: 'assistant', content: 'an earlier answer' },
        { role: 'user', content },
      ],
    })
    .then((completion) => completion.choices[0]?.message.content);
}

describe('onChat matchers', () => {
  it('matches by model', async () => {
    const mock = createMockOpenAI();
    mock.onChat({ model: 'gpt-4o' }).reply('from 4o');
    expect(await ask(mock, 'hi', 'gpt-4o')).toBe('from 4o');
    expect(await ask(mock, 'hi', 'gpt-4')).toBe('hi');
  });

  it('matches by the last user message: substring or RegExp', async () => {
    const mock = createMockOpenAI();
    mock.onChat({ content: 'weather' }).reply('sunny');
    mock.onChat({ content: /^translate:/i }).reply('bonjour');
    expect(await ask(mock, 'what is the weather today?')).toBe('sunny');
    expect(await ask(mock, 'Translate: hello')).toBe('bonjour');
    // The earlier user message does not count.
    expect(await ask(mock, 'something else')).toBe('something else');
  });

  it('matches with a predicate over the typed body and the request', async () => {
    const mock = createMockOpenAI();
    mock
      .onChat((body, request) => body.temperature === 0 && request.headers.has('authorization'))
      .reply('deterministic');
    const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'x' }];
    const cold = await openai.chat.completions.create({ model: 'gpt-4', messages, temperature: 0 });
    const warm = await openai.chat.completions.create({ model: 'gpt-4', messages, temperature: 1 });
    expect(cold.choices[0]?.message.content).toBe('deterministic');
    expect(warm.choices[0]?.message.content).toBe('x');
  });

  it('computes replies from the request with a function', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply((body) => `You asked ${body.model}`);
    expect(await ask(mock, 'q', 'gpt-4-turbo')).toBe('You asked gpt-4-turbo');
  });
});

describe('ordering', () => {
  it('consults handlers in registration order', async () => {
    const mock = createMockOpenAI();
    mock.onChat({ content: 'hello' }).reply('specific');
    mock.onChat().reply('general');
    expect(await ask(mock, 'hello there')).toBe('specific');
    expect(await ask(mock, 'bye')).toBe('general');
  });

  it('gives one-off steps priority over persistent ones, in the order written', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply('default');
    mock.onChat().replyOnce('first');
    mock.onChat().failOnce(500).replyOnce('third');
    const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
    const answers: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      answers.push(
        await openai.chat.completions
          .create({ model: 'gpt-4', messages: [{ role: 'user', content: 'q' }] })
          .then(
            (completion) => completion.choices[0]?.message.content ?? '',
            (error: unknown) =>
              error instanceof OpenAI.InternalServerError ? 'error 500' : 'other',
          ),
      );
    }
    expect(answers).toEqual(['first', 'error 500', 'third', 'default', 'default']);
  });
});

describe('assertAllConsumed, strict mode and reset', () => {
  it('lists the one-off steps never used', async () => {
    const mock = createMockOpenAI();
    mock.onChat({ model: 'gpt-4' }).replyOnce('used').replyOnce('unused');
    mock.onChat().failOnce(503);
    await ask(mock, 'q');
    await ask(mock, 'q');
    mock.onChat({ content: /never/ }).streamOnce('never streamed');
    expect(() => mock.assertAllConsumed()).toThrow(
      /never used: onChat\(\{ content: \/never\/ \}\)\.streamOnce\("never streamed"\)/,
    );
  });

  it('does not count persistent steps as unconsumed', () => {
    const mock = createMockOpenAI();
    mock.onChat().reply('whenever');
    expect(() => mock.assertAllConsumed()).not.toThrow();
  });

  it('in strict mode answers an unmatched request with a clear 500 and records it', async () => {
    const mock = createMockOpenAI({ strict: true });
    mock.onChat({ model: 'gpt-4o' }).reply('ok');
    const error = await ask(mock, 'hi there', 'gpt-4').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('mock_unmatched_request');
    expect((error as Error).message).toMatch(/No scripted reply matches this request/);
    expect(mock.unmatched).toHaveLength(1);
    expect(mock.unmatched[0]?.body.model).toBe('gpt-4');
    expect(() => mock.assertAllConsumed()).toThrow(/unmatched request: model gpt-4/);
  });

  it('reset() forgets the script, the calls and the unmatched requests', async () => {
    const mock = createMockOpenAI({ strict: true });
    await ask(mock, 'q').catch(() => undefined);
    mock.onChat().replyOnce('pending');
    mock.reset();
    expect(mock.calls).toHaveLength(0);
    expect(mock.unmatched).toHaveLength(0);
    expect(() => mock.assertAllConsumed()).not.toThrow();
  });

  it('answers 500 instead of crashing when a predicate throws', async () => {
    const mock = createMockOpenAI();
    mock
      .onChat(() => {
        throw new Error('predicate bug');
      })
      .replyOnce('never');
    const error = await ask(mock, 'q').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toMatch(/predicate bug/);
    mock.reset();
  });
});
