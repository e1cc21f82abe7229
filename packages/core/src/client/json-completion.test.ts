import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SchemaMismatchError } from '../errors/errors.js';
import { createClient } from './create-client.js';

const schema = z.object({ city: z.string(), population: z.number().int() });
const messages = [{ role: 'user' as const, content: 'Largest city of France?' }];

function setup() {
  const mock = createMockOpenAI();
  return { mock, client: createClient({ apiKey: 'sk-test.json-0123456789', fetch: mock.fetch }) };
}

describe('client.json', () => {
  it('asks in JSON mode with the schema and returns the validated value', async () => {
    const { mock, client } = setup();
    mock.onChat().replyOnce('{"city":"Paris","population":2102650}');
    const data = await client.json({ messages, schema, temperature: 0 });
    expect(data).toEqual({ city: 'Paris', population: 2102650 });
    const body = mock.calls[0]?.body;
    expect(body?.response_format).toEqual({ type: 'json_object' });
    expect(body?.temperature).toBe(0);
    expect(body?.messages[0]?.role).toBe('system');
    expect(String(body?.messages[0]?.content)).toContain('"population"');
  });

  it('re-asks once with the problems, then succeeds', async () => {
    const { mock, client } = setup();
    mock.onChat().replyOnce('{"city":"Paris"}').replyOnce('{"city":"Paris","population":2}');
    expect(await client.json({ messages, schema })).toEqual({ city: 'Paris', population: 2 });
    expect(mock.calls).toHaveLength(2);
    const retry = mock.calls[1]?.body.messages ?? [];
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: '{"city":"Paris"}' });
    expect(String(retry.at(-1)?.content)).toContain('population');
  });

  it('fails with SchemaMismatchError carrying the raw text after the repair attempts', async () => {
    const { mock, client } = setup();
    mock.onChat().reply('not json at all');
    const error = await client.json({ messages, schema }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error).toMatchObject({
      code: 'schema_mismatch',
      rawText: 'not json at all',
      retryable: false,
    });
    expect(mock.calls).toHaveLength(2);
  });

  it('takes repairAttempts: 0 to never re-ask, and more to re-ask more', async () => {
    const { mock, client } = setup();
    mock.onChat().reply('[]');
    await expect(client.json({ messages, schema, repairAttempts: 0 })).rejects.toBeInstanceOf(
      SchemaMismatchError,
    );
    expect(mock.calls).toHaveLength(1);
    await expect(client.json({ messages, schema, repairAttempts: 3 })).rejects.toBeInstanceOf(
      SchemaMismatchError,
    );
    expect(mock.calls).toHaveLength(5);
  });
});
