import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/errors.js';
import { createChatRequestSchema } from './chat-request-schema.js';
import { validateChatRequest } from './validate-chat-request.js';

const schema = createChatRequestSchema();

function issuesOf(request: unknown, limits = schema) {
  try {
    validateChatRequest(limits, request);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError');
}

const user = { role: 'user', content: 'hi' };

describe('validateChatRequest', () => {
  it('accepts a valid request and keeps unknown fields', () => {
    const request = {
      model: 'gpt-4',
      messages: [
        { role: 'system', content: 'be brief' },
        user,
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '42' },
      ],
      temperature: 2,
      top_p: 0,
      n: 1,
      max_tokens: 5,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      response_format: { type: 'json_object' },
      future_parameter: { kept: true },
    };
    expect(validateChatRequest(schema, request)).toEqual(request);
  });

  it('reports every bad field with its path', () => {
    expect(
      issuesOf({
        messages: [user, { role: 'wizard', content: 'x' }, { role: 'user', content: 42 }],
        temperature: 2.5,
        top_p: -0.1,
        n: 0,
        max_tokens: 0,
        max_completion_tokens: 1.5,
      }).sort(),
    ).toEqual(
      [
        'max_completion_tokens',
        'max_tokens',
        'messages.1.role',
        'messages.2.content',
        'n',
        'temperature',
        'top_p',
      ].sort(),
    );
  });

  it('checks content parts, tool definitions, tool messages and assistant messages', () => {
    expect(
      issuesOf({
        messages: [
          { role: 'user', content: [{ type: 'video', url: 'x' }] },
          { role: 'tool', content: 'x' },
          { role: 'assistant' },
        ],
        tools: [{ type: 'function', function: { name: 'has spaces' } }],
      }).sort(),
    ).toEqual(
      [
        'messages.0.content',
        'messages.1.tool_call_id',
        'messages.2.content',
        'tools.0.function.name',
      ].sort(),
    );
  });

  it('requires at least one message and bounds their number and size', () => {
    expect(issuesOf({ messages: [] })).toEqual(['messages']);
    const small = createChatRequestSchema({
      maxMessages: 2,
      maxMessageLength: 10,
      maxTotalLength: 15,
    });
    expect(issuesOf({ messages: [user, user, user] }, small)).toEqual(['messages']);
    expect(issuesOf({ messages: [{ role: 'user', content: 'x'.repeat(11) }] }, small)).toEqual([
      'messages.0.content',
    ]);
    expect(
      issuesOf(
        {
          messages: [
            { role: 'user', content: 'x'.repeat(8) },
            { role: 'user', content: [{ type: 'text', text: 'x'.repeat(8) }] },
          ],
        },
        small,
      ),
    ).toEqual(['messages']);
  });

  it('strips non-whitespace control characters from text content only', () => {
    const result = validateChatRequest(schema, {
      messages: [
        { role: 'user', content: 'a\u0000b\u001b[31mc\u007f\td\ne\r\u0085f' },
        { role: 'user', content: [{ type: 'text', text: 'x\u0007y' }] },
      ],
    });
    expect(result.messages[0]?.content).toBe('ab[31mc\td\ne\r\u0085f');
    expect(result.messages[1]?.content).toEqual([{ type: 'text', text: 'xy' }]);
  });

  it("returns a new request and leaves the caller's as it was", () => {
    const request = { model: 'gpt-4', messages: [{ role: 'user', content: 'a\u0000b' }] };
    const result = validateChatRequest(schema, request);
    expect(result).not.toBe(request);
    expect(result.messages[0]?.content).toBe('ab');
    expect(request.messages[0]?.content).toBe('a\u0000b');
  });

  it('names the first bad field in the message and param', () => {
    try {
      validateChatRequest(schema, { messages: [user], temperature: 9 });
    } catch (error) {
      expect((error as ValidationError).param).toBe('temperature');
      expect((error as ValidationError).message).toMatch(/^Invalid request: temperature: /);
      expect((error as ValidationError).code).toBe('invalid_request');
      return;
    }
    throw new Error('expected a ValidationError');
  });
});
