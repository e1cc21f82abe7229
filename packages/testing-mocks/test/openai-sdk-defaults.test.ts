import { Ajv } from 'ajv';
import OpenAI, { NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/index.js';
import { schemaErrors } from './support/openai-schema-validator.js';

const SCHEMA = {
  type: 'object',
  properties: {
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: { explanation: { type: 'string' }, output: { type: 'string' } },
        required: ['explanation', 'output'],
        additionalProperties: false,
      },
    },
    final_answer: { type: 'string' },
  },
  required: ['steps', 'final_answer'],
  additionalProperties: false,
};
const PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
  required: ['city', 'unit'],
  additionalProperties: false,
};
const TOOLS: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: PARAMETERS, strict: true } },
];
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];
const ajv = new Ajv({ strict: false });

let server: MockServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startMockServer();
  client = new OpenAI({ apiKey: 'sk-test.sdk', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe('the official SDK against the default reply of startMockServer', () => {
  it('gets JSON mode and schema-valid structured output', async () => {
    const json = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(schemaErrors('CreateChatCompletionResponse', json)).toEqual([]);
    expect(JSON.parse(json.choices[0]?.message.content ?? '')).toBeTypeOf('object');
    const structured = await client.chat.completions.create({
      model: 'gpt-4o-2024-08-06',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'math', schema: SCHEMA, strict: true },
      },
    });
    expect(schemaErrors('CreateChatCompletionResponse', structured)).toEqual([]);
    expect(ajv.validate(SCHEMA, JSON.parse(structured.choices[0]?.message.content ?? ''))).toBe(
      true,
    );
  });

  it('gets a tool call with valid arguments, and n choices', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools: TOOLS,
      tool_choice: 'required',
      n: 2,
    });
    expect(schemaErrors('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
    for (const choice of completion.choices) {
      expect(choice.finish_reason).toBe('tool_calls');
      const call = choice.message.tool_calls?.[0];
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(ajv.validate(PARAMETERS, JSON.parse(call.function.arguments))).toBe(true);
    }
  });

  it('streams tool calls the SDK assembles into valid arguments', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages,
      tools: TOOLS,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    }
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'city', unit: 'c' });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('retrieves and lists models; an unknown model is a NotFoundError model_not_found', async () => {
    const model = await client.models.retrieve('gpt-4o');
    expect(model).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'openai' });
    expect(schemaErrors('Model', { ...model })).toEqual([]);
    const list = await client.models.list();
    expect(list.data.map((entry) => entry.id)).toContain('gpt-4o-mini');
    for (const request of [
      client.models.retrieve('nope'),
      client.chat.completions.create({ model: 'nope', messages }),
    ]) {
      const error: unknown = await request.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
    }
  });

  it('embeds with the SDK’s default base64 and with floats, vectors of the model’s dimension', async () => {
    const input = ['What is the weather in Paris?', 'Quel temps fait-il à Paris ?'];
    const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input });
    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input,
      encoding_format: 'float',
    });
    expect(schemaErrors('CreateEmbeddingResponse', { ...floats })).toEqual([]);
    expect(decoded.data.map((item) => item.embedding.length)).toEqual([1536, 1536]);
    expect(decoded.data).toEqual(floats.data);
    const large = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'x' });
    expect(large.data[0]?.embedding).toHaveLength(3072);
    const error: unknown = await client.embeddings
      .create({ model: 'nope', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
  });
});
