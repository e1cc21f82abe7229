import { describe, expect, it } from 'vitest';
import { chatChunk } from './chat-chunk.js';
import { chatCompletion } from './chat-completion.js';
import { toolCall } from './tool-call.js';

describe('chatCompletion', () => {
  it('fills a complete completion around the given text', () => {
    const completion = chatCompletion('Hi');
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4-1106-preview',
      system_fingerprint: expect.stringMatching(/^fp_/),
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.created).toBeCloseTo(Date.now() / 1000, -1);
    expect(completion).not.toHaveProperty('usage');
  });

  it('keeps the given fields and choices', () => {
    const completion = chatCompletion({
      id: 'chatcmpl-fixed',
      created: 1,
      model: 'gpt-4',
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      choices: [
        { message: { content: 'a' } },
        { message: { content: 'b' }, finish_reason: 'length' },
      ],
    });
    expect(completion.id).toBe('chatcmpl-fixed');
    expect(completion.created).toBe(1);
    expect(completion.usage?.total_tokens).toBe(3);
    expect(completion.choices.map((choice) => [choice.index, choice.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'length'],
    ]);
  });

  it('sets finish_reason tool_calls and null content for tool calls', () => {
    const completion = chatCompletion({ toolCalls: [toolCall({ name: 'f', arguments: '{}' })] });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
  });
});

describe('chatChunk', () => {
  it('fills a complete chunk around a content delta', () => {
    expect(chatChunk('Hel')).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'gpt-4-1106-preview',
      choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null, logprobs: null }],
    });
  });

  it('keeps explicit choices', () => {
    const chunk = chatChunk({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(chunk.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
  });
});

describe('toolCall', () => {
  it('builds a function tool call with serialised arguments and a call id', () => {
    const call = toolCall({ name: 'get_weather', arguments: { city: 'Paris' } });
    expect(call).toEqual({
      id: expect.stringMatching(/^call_/),
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    expect(toolCall({ id: 'call_x', name: 'f', arguments: 'raw' }).id).toBe('call_x');
  });
});
