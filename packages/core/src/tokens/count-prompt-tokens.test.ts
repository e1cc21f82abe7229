import { encodeChat } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { countPromptTokens } from './count-prompt-tokens.js';
import { loadTokenCounter } from './load-token-counter.js';

describe('countPromptTokens', () => {
  it('matches OpenAI’s message-format count for plain messages', async () => {
    const count = await loadTokenCounter('cl100k_base');
    const messages = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'What is the capital of France? Answer in one word.' },
    ] as const;
    expect(countPromptTokens({ messages: [...messages] }, count)).toBe(
      encodeChat([...messages], 'gpt-4').length,
    );
  });

  it('counts names, text parts, images, tool calls and tool definitions', async () => {
    const count = await loadTokenCounter('cl100k_base');
    const base = countPromptTokens({ messages: [{ role: 'user', content: 'hi' }] }, count);
    expect(
      countPromptTokens({ messages: [{ role: 'user', content: 'hi', name: 'ann' }] }, count),
    ).toBe(base + 1 + count('ann'));
    expect(
      countPromptTokens(
        {
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'hi' },
                { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
              ],
            },
          ],
        },
        count,
      ),
    ).toBe(base + 85);
    const tool = {
      type: 'function' as const,
      function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
    };
    expect(
      countPromptTokens({ messages: [{ role: 'user', content: 'hi' }], tools: [tool] }, count),
    ).toBe(base + 10 + count(JSON.stringify(tool)));
    const withCall = countPromptTokens(
      {
        messages: [
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            ],
          },
        ],
      },
      count,
    );
    expect(withCall).toBeGreaterThan(3 + 3 + count('assistant'));
  });

  it('counts with the o200k encoding for GPT-4o, differently from cl100k', async () => {
    const cl100k = await loadTokenCounter('cl100k_base');
    const o200k = await loadTokenCounter('o200k_base');
    const text = 'Die Straßenbahnhaltestelle liegt gegenüber dem Bahnhof. 東京都庁';
    expect(o200k(text)).not.toBe(cl100k(text));
    expect(o200k('<|endoftext|>')).toBeGreaterThan(1);
  });
});
