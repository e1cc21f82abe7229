import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import OpenAI, { NotFoundError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { BulwarkClient } from '@bulwark/core';
import { createGatewayHandler } from '../src/node/index.js';
import { schemaErrors } from './openai-schemas.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
let server: Server | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];
const PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
  required: ['city', 'days'],
  additionalProperties: false,
};

describe('GET /v1/models/{id}', () => {
  it('retrieves a served model and answers 404 model_not_found for another, through the SDK', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({
      baseURL: gateway.baseURL,
      apiKey: 'sk-test.caller',
      maxRetries: 0,
    });
    const model = await openai.models.retrieve('gpt-4o');
    expect(model).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'openai' });
    expect(schemaErrors('Model', { ...model })).toEqual([]);
    const error: unknown = await openai.models.retrieve('nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
    const raw = await fetch(`${gateway.baseURL}/models/nope`);
    const body: unknown = await raw.json();
    expect(schemaErrors('ErrorResponse', body)).toEqual([]);
    expect(body).toEqual({
      error: {
        message: 'The model `nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
    const routes = gateway.logs.map((line) => line['route']).filter(Boolean);
    expect(routes).toContain('/v1/models/{id}');
    expect(gateway.mock.calls).toEqual([]);
  });

  it('finds ids with `:` and `/` among the models it is given, and lists the same', async () => {
    const models = ['ft:gpt-4o-mini:acme::abc123', 'team/model', 'Mixed-Case'];
    const handler = createGatewayHandler({ client: {} as BulwarkClient, models });
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models`;
    for (const id of models) {
      for (const path of [encodeURIComponent(id), id]) {
        const response = await fetch(`${base}/${path}`);
        expect(response.status).toBe(200);
        const model: unknown = await response.json();
        expect(schemaErrors('Model', model)).toEqual([]);
        expect(model).toMatchObject({ id });
      }
    }
    expect((await fetch(`${base}/mixed-case`)).status).toBe(404);
    expect((await fetch(`${base}/gpt-4o`)).status).toBe(404);
    expect((await fetch(`${base}/team%2Fmodel/`, { method: 'POST' })).status).toBe(404);
    const list: unknown = await (await fetch(base)).json();
    expect(schemaErrors('ListModelsResponse', list)).toEqual([]);
  });
});

describe('the gateway in front of the default reply of the built-in mock', () => {
  it('passes JSON mode, structured output, tool calls, n and streamed tool calls through', async () => {
    gateway = await startTestGateway();
    const openai = new OpenAI({
      baseURL: gateway.baseURL,
      apiKey: 'sk-test.caller',
      maxRetries: 0,
    });
    const ajv = new Ajv({ strict: false });
    const json = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(json.choices[0]?.message.content ?? '')).toBeTypeOf('object');
    const structured = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'forecast', schema: PARAMETERS, strict: true },
      },
    });
    expect(schemaErrors('CreateChatCompletionResponse', structured)).toEqual([]);
    expect(ajv.validate(PARAMETERS, JSON.parse(structured.choices[0]?.message.content ?? ''))).toBe(
      true,
    );
    const tools = [
      { type: 'function' as const, function: { name: 'get_weather', parameters: PARAMETERS } },
    ];
    const called = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages,
      tools,
      tool_choice: 'required',
      n: 2,
    });
    expect(schemaErrors('CreateChatCompletionResponse', called)).toEqual([]);
    expect(called.choices.map((choice) => [choice.index, choice.finish_reason])).toEqual([
      [0, 'tool_calls'],
      [1, 'tool_calls'],
    ]);
    const stream = openai.chat.completions.stream({
      model: 'gpt-4o',
      messages,
      tools,
      tool_choice: 'required',
    });
    for await (const chunk of stream) {
      expect(schemaErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    }
    const call = (await stream.finalChatCompletion()).choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(ajv.validate(PARAMETERS, JSON.parse(call.function.arguments))).toBe(true);
    const error: unknown = await openai.chat.completions
      .create({ model: 'nope', messages })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
  });
});
