import OpenAI from 'openai';
import { describe, expect, it, onTestFinished } from 'vitest';
import { useMockOpenAI } from '../vitest/index.js';

const messages = [{ role: 'user' as const, content: 'ping' }];

describe('useMockOpenAI', () => {
  const mock = useMockOpenAI();
  const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });

  it('gives the test a mock that a client captured at describe time talks to', async () => {
    mock.onChat().replyOnce('pong');
    const completion = await openai.chat.completions.create({ model: 'gpt-4', messages });
    expect(completion.choices[0]?.message.content).toBe('pong');
    expect(mock.calls).toHaveLength(1);
  });

  it('starts each test with a fresh mock: no calls, no script left over', async () => {
    expect(mock.calls).toHaveLength(0);
    const completion = await openai.chat.completions.create({ model: 'gpt-4', messages });
    expect(completion.choices[0]?.message.content).toBe('ping');
  });

  it('runs the consumed-check after each test', () => {
    mock.onChat().replyOnce('never used');
    // Left as is, this step would fail the test in the afterEach hook (see
    // test/vitest-helper.test.ts); check the message, then clear it.
    expect(() => mock.assertAllConsumed()).toThrow(/never used: onChat\(\)\.replyOnce/);
    mock.reset();
  });
});

describe('useMockOpenAI after a test', () => {
  const mock = useMockOpenAI();

  it('detaches the mock once the test and its hooks are over', () => {
    mock.onChat().reply('persistent replies need no consuming');
    onTestFinished(() => {
      expect(() => mock.onChat()).toThrow(/only while a test runs/);
    });
  });
});
