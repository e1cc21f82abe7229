import { createClient, loadConfig, type BulwarkClient } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { triageTicket } from './triage-ticket.js';

/**
 * The example's program: triages one ticket with a real key when
 * `OPENAI_API_KEY` is set, otherwise against a scripted mock upstream.
 *
 * @param env - the environment to configure the client from.
 * @returns the triage, printed by `main.ts`.
 */
export async function run(env: Readonly<Record<string, string | undefined>>) {
  const client: BulwarkClient =
    env.OPENAI_API_KEY === undefined
      ? createClient({ fetch: mockUpstream().fetch })
      : createClient(loadConfig({ env }));
  try {
    return await triageTicket(client, 'I was charged twice for my subscription this month!');
  } finally {
    await client.close();
  }
}

function mockUpstream() {
  const answer = { category: 'billing', urgency: 4, summary: 'Customer charged twice this month.' };
  const mock = createMockOpenAI();
  mock.onChat().reply(JSON.stringify(answer));
  return mock;
}
