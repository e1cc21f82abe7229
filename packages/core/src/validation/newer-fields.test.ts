import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/errors.js';
import { createChatRequestSchema } from './chat-request-schema.js';
import { validateChatRequest } from './validate-chat-request.js';

const schema = createChatRequestSchema();
const messages = [{ role: 'user', content: 'hi' }];

/** Every newer field the API takes, each with a valid value. */
const NEWER_FIELDS = {
  max_completion_tokens: 256,
  reasoning_effort: 'high',
  parallel_tool_calls: false,
  stream_options: { include_usage: true, include_obfuscation: false },
  store: true,
  metadata: { team: 'search', ticket: 'T-42' },
  service_tier: 'flex',
  prediction: { type: 'content', content: 'The answer is 42.' },
  modalities: ['text'],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'answer',
      description: 'the answer',
      strict: true,
      schema: {
        type: 'object',
        properties: { value: { type: 'number' } },
        required: ['value'],
        additionalProperties: false,
      },
    },
  },
  future_field: { nested: [1, 'two', null], flag: true },
};

function issuesOf(request: object): string[] {
  try {
    validateChatRequest(schema, { model: 'gpt-4o', messages, ...request });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError');
}

describe('the newer request fields', () => {
  it('pass as they are, with unknown fields and new values of open sets', () => {
    const request = { model: 'o3', messages, ...NEWER_FIELDS, service_tier: 'some-new-tier' };
    expect(validateChatRequest(schema, request)).toEqual(request);
  });

  it('accept null where the API does', () => {
    const request = {
      model: 'gpt-4o',
      messages,
      reasoning_effort: null,
      parallel_tool_calls: null,
      stream_options: null,
      store: null,
      metadata: null,
      service_tier: null,
      prediction: null,
      modalities: null,
    };
    expect(validateChatRequest(schema, request)).toEqual(request);
  });

  it('reject values of the wrong type, each by its path', () => {
    expect(
      issuesOf({
        reasoning_effort: 3,
        parallel_tool_calls: 'yes',
        stream_options: { include_usage: 'true' },
        store: 1,
        metadata: { key: 5 },
        service_tier: '',
        prediction: { content: 'x' },
        modalities: 'text',
        response_format: { type: 'json_schema', json_schema: { name: 'a', strict: 'yes' } },
      }).sort(),
    ).toEqual(
      [
        'metadata.key',
        'modalities',
        'parallel_tool_calls',
        'prediction.type',
        'reasoning_effort',
        'response_format.json_schema.strict',
        'service_tier',
        'store',
        'stream_options.include_usage',
      ].sort(),
    );
  });

  it('bound metadata as the API does', () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v']));
    expect(issuesOf({ metadata: many })).toEqual(['metadata']);
    expect(issuesOf({ metadata: { ['k'.repeat(65)]: 'v' } })).toEqual([
      `metadata.${'k'.repeat(65)}`,
    ]);
    expect(issuesOf({ metadata: { key: 'v'.repeat(513) } })).toEqual(['metadata.key']);
  });
});
