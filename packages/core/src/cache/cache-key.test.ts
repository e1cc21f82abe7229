import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { CACHE_KEY_EXCLUDED_FIELDS, createCacheKey } from './cache-key.js';

const base = {
  model: 'gpt-4',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Capital of France?' },
  ],
  temperature: 0,
} satisfies ChatCompletionCreateParams;

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather of a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string' } },
      required: ['city'],
    },
  },
} as const;

const key = (request: object, namespace = 'default') =>
  createCacheKey(request as ChatCompletionCreateParams, { namespace });

describe('createCacheKey', () => {
  it('is a versioned, namespaced SHA-256', () => {
    expect(key(base)).toMatch(/^bulwark:v1:default:[0-9a-f]{64}$/);
    expect(key(base, 'tenant-a')).toMatch(/^bulwark:v1:tenant-a:[0-9a-f]{64}$/);
  });

  it('does not depend on the order of fields, at any depth', () => {
    const reordered = {
      temperature: 0,
      tools: [
        {
          function: {
            parameters: {
              required: ['city'],
              properties: { unit: { type: 'string' }, city: { type: 'string' } },
              type: 'object',
            },
            description: 'Weather of a city',
            name: 'get_weather',
          },
          type: 'function',
        },
      ],
      messages: base.messages.map(({ role, content }) => ({ content, role })),
      model: 'gpt-4',
    };
    expect(key(reordered)).toBe(key({ ...base, tools: [weatherTool] }));
  });

  it('ignores fields set to undefined', () => {
    expect(key({ ...base, top_p: undefined, user: undefined })).toBe(key(base));
  });

  const changes: [string, object][] = [
    ['model', { model: 'gpt-4o' }],
    ['a message', { messages: [{ role: 'user', content: 'Capital of Spain?' }] }],
    ['the order of messages', { messages: [...base.messages].reverse() }],
    [
      'a message name',
      { messages: [{ role: 'user', content: 'Capital of France?', name: 'ann' }] },
    ],
    ['tools', { tools: [weatherTool] }],
    ['tool_choice', { tools: [weatherTool], tool_choice: 'required' }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['temperature', { temperature: 0.2 }],
    ['top_p', { top_p: 0.5 }],
    ['seed', { seed: 7 }],
    ['n', { n: 2 }],
    ['stop', { stop: ['\n'] }],
    ['max_tokens', { max_tokens: 10 }],
    ['max_completion_tokens', { max_completion_tokens: 10 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { logprobs: true, top_logprobs: 2 }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['reasoning_effort', { reasoning_effort: 'low' }],
    ['verbosity', { verbosity: 'low' }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['audio', { audio: { voice: 'alloy', format: 'mp3' } }],
    ['prediction', { prediction: { type: 'content', content: 'Paris' } }],
    ['service_tier', { service_tier: 'flex' }],
    ['web_search_options', { web_search_options: { search_context_size: 'low' } }],
    ['functions', { functions: [weatherTool.function] }],
    ['function_call', { functions: [weatherTool.function], function_call: 'auto' }],
    ['stream', { stream: true }],
    ['a field the list does not know', { future_option: 1 }],
  ];

  it.each(changes)('changes with %s', (_, change) => {
    expect(key({ ...base, ...change })).not.toBe(key(base));
  });

  it('tells a number from its string', () => {
    expect(key({ ...base, stop: '1' })).not.toBe(key({ ...base, stop: 1 }));
  });

  it.each(CACHE_KEY_EXCLUDED_FIELDS)('leaves out %s', (field) => {
    expect(key({ ...base, [field]: { any: 'value' } })).toBe(key(base));
  });

  it('leaves out user, metadata and store, which do not change the answer', () => {
    const tagged = { ...base, user: 'user-1', metadata: { team: 'a' }, store: true };
    expect(key(tagged)).toBe(key(base));
  });

  it('treats stream: false as a non-stream request, and ignores stream_options there', () => {
    expect(key({ ...base, stream: false })).toBe(key(base));
    expect(key({ ...base, stream_options: { include_usage: true } })).toBe(key(base));
  });

  it('keys stream_options of a stream, since it decides whether a usage chunk is sent', () => {
    const stream = { ...base, stream: true };
    expect(key({ ...stream, stream_options: { include_usage: true } })).not.toBe(key(stream));
  });

  it('never gives two namespaces the same key', () => {
    expect(key(base, 'a')).not.toBe(key(base, 'b'));
    expect(key(base, 'a:b')).not.toBe(key(base, 'a'));
  });

  it('refuses values JSON cannot represent exactly', () => {
    expect(() => key({ ...base, temperature: Number.NaN })).toThrow();
    expect(() => key({ ...base, extra: () => 1 })).toThrow();
  });

  it('keeps embeddings apart from chat: the endpoint is in the key and in its digest', () => {
    const embeddings = { model: 'text-embedding-3-small', input: 'Capital of France?' };
    const embeddingsKey = createCacheKey(embeddings, {
      namespace: 'default',
      endpoint: 'embeddings',
    });
    expect(embeddingsKey).toMatch(/^bulwark:v1:default:embeddings:[0-9a-f]{64}$/);
    // The same fields asked of either endpoint never share a digest, whatever the namespace says.
    const both = { ...base, input: 'x' };
    const chatKey = createCacheKey(both, { namespace: 'a:embeddings' });
    const asEmbeddings = createCacheKey(both, { namespace: 'a', endpoint: 'embeddings' });
    expect(chatKey).not.toBe(asEmbeddings);
    expect(createCacheKey(embeddings, { namespace: 'default', endpoint: 'embeddings' })).toBe(
      embeddingsKey,
    );
    expect(
      createCacheKey(
        { ...embeddings, encoding_format: 'base64' },
        { namespace: 'default', endpoint: 'embeddings' },
      ),
    ).not.toBe(embeddingsKey);
    expect(
      createCacheKey(
        { ...embeddings, user: 'u-1' },
        { namespace: 'default', endpoint: 'embeddings' },
      ),
    ).toBe(embeddingsKey);
  });
});
