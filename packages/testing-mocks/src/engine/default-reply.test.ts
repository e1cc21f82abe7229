import { Ajv } from 'ajv';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../test/support/openai-schema-validator.js';
import { chunksToCompletion } from './completion-chunks.js';
import { createMockOpenAI } from './create-mock-openai.js';

const ajv = new Ajv({ strict: false, allErrors: true });

const PERSON = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'user'] },
    tags: { type: 'array', items: { type: 'string' } },
    manager: { anyOf: [{ $ref: '#/$defs/ref' }, { type: 'null' }] },
  },
  required: ['name', 'role', 'tags', 'manager'],
  additionalProperties: false,
  $defs: {
    ref: {
      type: 'object',
      properties: { id: { type: 'integer', minimum: 1 } },
      required: ['id'],
      additionalProperties: false,
    },
  },
} as const;

const WEATHER: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 2 },
        unit: { type: ['string', 'null'], enum: ['celsius', 'fahrenheit', null] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    },
    strict: true,
  },
};
const SEARCH: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'search',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
};

function satisfies(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

async function complete(body: object): Promise<ChatCompletion> {
  const response = await createMockOpenAI().fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello there' }],
      ...body,
    }),
  });
  expect(response.status).toBe(200);
  const completion = (await response.json()) as ChatCompletion;
  expect(schemaErrors('CreateChatCompletionResponse', completion)).toEqual([]);
  return completion;
}

async function stream(body: object): Promise<ChatCompletionChunk[]> {
  const response = await createMockOpenAI().fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      stream_options: { include_usage: true },
      ...body,
    }),
  });
  const frames = (await response.text())
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: ') && frame !== 'data: [DONE]')
    .map((frame) => JSON.parse(frame.slice('data: '.length)) as ChatCompletionChunk);
  for (const chunk of frames) {
    expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
  }
  return frames;
}

describe('the default reply', () => {
  it('answers JSON mode with a JSON object echoing the prompt, whole or streamed', async () => {
    const format = { response_format: { type: 'json_object' } };
    const completion = await complete(format);
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      echo: 'Hello there',
    });
    const streamed = chunksToCompletion(await stream(format));
    expect(JSON.parse(streamed.choices[0]?.message.content ?? '')).toEqual({ echo: 'Hello there' });
  });

  it.each([true, false])(
    'answers json_schema (strict: %s) with a value of the schema',
    async (strict) => {
      const format = {
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'person', schema: PERSON, strict },
        },
      };
      const completion = await complete(format);
      expect(satisfies(PERSON, JSON.parse(completion.choices[0]?.message.content ?? ''))).toEqual(
        [],
      );
      const streamed = chunksToCompletion(await stream(format));
      expect(satisfies(PERSON, JSON.parse(streamed.choices[0]?.message.content ?? ''))).toEqual([]);
    },
  );

  it("calls the first tool for tool_choice 'required', with arguments of its parameters", async () => {
    const completion = await complete({ tools: [WEATHER, SEARCH], tool_choice: 'required' });
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const [call] = choice?.message.tool_calls ?? [];
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    const args: unknown = JSON.parse(call?.type === 'function' ? call.function.arguments : '');
    expect(
      satisfies(WEATHER.type === 'function' ? (WEATHER.function.parameters ?? {}) : {}, args),
    ).toEqual([]);
  });

  it('calls the function tool_choice names', async () => {
    const completion = await complete({
      tools: [WEATHER, SEARCH],
      tool_choice: { type: 'function', function: { name: 'search' } },
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({
      name: 'search',
      arguments: '{"query":"query"}',
    });
  });

  it("with 'auto' calls a tool the message names, else answers text; 'none' answers text", async () => {
    const named = await complete({
      messages: [{ role: 'user', content: 'Please Get Weather for Paris' }],
      tools: [SEARCH, WEATHER],
    });
    const call = named.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    const plain = await complete({ tools: [WEATHER], tool_choice: 'auto' });
    expect(plain.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: 'Hello there' },
    });
    const none = await complete({
      messages: [{ role: 'user', content: 'get_weather please' }],
      tools: [WEATHER],
      tool_choice: 'none',
    });
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('streams a tool call as OpenAI does: id, type and name first, then the arguments in pieces', async () => {
    const chunks = await stream({ tools: [WEATHER], tool_choice: 'required', n: 2 });
    const deltas = chunks.flatMap((chunk) =>
      chunk.choices.flatMap((choice) =>
        (choice.delta.tool_calls ?? []).map((call) => ({ choice: choice.index, call })),
      ),
    );
    for (const index of [0, 1]) {
      const [first, ...rest] = deltas
        .filter((delta) => delta.choice === index)
        .map((delta) => delta.call);
      expect(first).toMatchObject({
        index: 0,
        id: expect.stringMatching(/^call_/),
        type: 'function',
      });
      expect(first?.function?.name).toBe('get_weather');
      expect(rest.length).toBeGreaterThan(1);
      for (const piece of rest) expect(Object.keys(piece).sort()).toEqual(['function', 'index']);
    }
    const assembled = chunksToCompletion(chunks);
    expect(assembled.choices.map((choice) => choice.finish_reason)).toEqual([
      'tool_calls',
      'tool_calls',
    ]);
    for (const choice of assembled.choices) {
      const call = choice.message.tool_calls?.[0];
      expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '')).toMatchObject({
        days: 1,
      });
    }
  });

  it('answers n choices, indexed, with usage counting every one, whole and streamed', async () => {
    const one = await complete({});
    const three = await complete({ n: 3 });
    expect(three.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(three.usage?.completion_tokens).toBe(3 * (one.usage?.completion_tokens ?? 0));
    const chunks = await stream({ n: 2 });
    const indices = new Set(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.index)));
    expect([...indices]).toEqual([0, 1]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(2 * (one.usage?.completion_tokens ?? 0));
  });
});
