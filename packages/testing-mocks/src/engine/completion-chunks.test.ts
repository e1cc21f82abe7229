import { describe, expect, it } from 'vitest';
import { chatCompletion } from '../builders/chat-completion.js';
import { toolCall } from '../builders/tool-call.js';
import { chunksToCompletion, completionToChunks } from './completion-chunks.js';

describe('completionToChunks', () => {
  it('puts the role first, then content deltas, with finish_reason on the last chunk', () => {
    const chunks = completionToChunks(chatCompletion('Hello world'), 4);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hell' },
      { content: 'o wo' },
      { content: 'rld' },
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([
      null,
      null,
      null,
      'stop',
    ]);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('streams tool calls as real deltas: index, id, name first, then arguments in pieces', () => {
    const calls = [
      toolCall({ id: 'call_a', name: 'first', arguments: { city: 'Paris' } }),
      toolCall({ id: 'call_b', name: 'second', arguments: { n: 1 } }),
    ];
    const chunks = completionToChunks(chatCompletion({ toolCalls: calls }), 5);
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_a',
      type: 'function',
      function: { name: 'first', arguments: '' },
    });
    const firstArguments = deltas.filter((delta) => delta.index === 0).slice(1);
    expect(firstArguments.length).toBeGreaterThan(1);
    expect(firstArguments.every((delta) => delta.id === undefined)).toBe(true);
    expect(firstArguments.map((delta) => delta.function?.arguments).join('')).toBe(
      '{"city":"Paris"}',
    );
    expect(deltas.find((delta) => delta.index === 1)?.id).toBe('call_b');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: null });
  });

  it('keeps characters whole when cutting (no broken surrogate pairs)', () => {
    const chunks = completionToChunks(chatCompletion('👋🌍✨'), 1);
    expect(chunks.slice(1).map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      '👋',
      '🌍',
      '✨',
    ]);
  });
});

describe('chunksToCompletion', () => {
  it('is the inverse of completionToChunks for text and tool calls', () => {
    const completion = chatCompletion({
      content: 'Let me check.',
      toolCalls: [toolCall({ id: 'call_1', name: 'lookup', arguments: { q: 'a long query' } })],
    });
    const assembled = chunksToCompletion(completionToChunks(completion, 3));
    expect(assembled.id).toBe(completion.id);
    expect(assembled.choices).toEqual(completion.choices);
  });
});
