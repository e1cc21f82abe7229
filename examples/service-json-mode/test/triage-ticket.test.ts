import { SchemaMismatchError, createClient } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { triageTicket } from '../src/triage-ticket.js';

describe('triageTicket', () => {
  it('returns the typed answer of a JSON-mode request', async () => {
    const mock = createMockOpenAI();
    mock
      .onChat()
      .replyOnce(JSON.stringify({ category: 'bug', urgency: 5, summary: 'Checkout crashes.' }));
    const client = createClient({ fetch: mock.fetch });

    const triage = await triageTicket(client, 'The checkout page crashes every time.');

    expect(triage).toEqual({ category: 'bug', urgency: 5, summary: 'Checkout crashes.' });
    expect(mock.calls[0]?.body.response_format).toEqual({ type: 'json_object' });
    expect(mock.calls[0]?.body.temperature).toBe(0);
    await client.close();
  });

  it('repairs an answer that fails the schema once, then gives up with SchemaMismatchError', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply(JSON.stringify({ category: 'refund', urgency: 9, summary: '' }));
    const client = createClient({ fetch: mock.fetch });

    const failure = triageTicket(client, 'Give me my money back');

    await expect(failure).rejects.toBeInstanceOf(SchemaMismatchError);
    expect(mock.calls).toHaveLength(2);
    await client.close();
  });

  it('runs the example program against the mock upstream when no key is set', async () => {
    await expect(run({})).resolves.toEqual({
      category: 'billing',
      urgency: 4,
      summary: 'Customer charged twice this month.',
    });
  });
});
