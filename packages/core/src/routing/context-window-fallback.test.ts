import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { ContextLengthExceededError } from '../errors/errors.js';
import type { FallbackEvent } from '../events/client-events.js';
import type { RoutesConfig } from '../routes/routes-config.js';

const LONG = { messages: [{ role: 'user' as const, content: 'word '.repeat(10_000) }] };

function setup(routes: RoutesConfig['routes']) {
  const mock = createMockOpenAI({
    deployments: { small: { provider: 'openai' }, large: { provider: 'openai' } },
  });
  const client = createClient({
    fetch: mock.fetch,
    cache: { store: 'off' },
    routes: {
      deployments: {
        small: {
          provider: 'openai',
          baseURL: mock.deployment('small').url(),
          apiKey: 'small-test-key',
        },
        large: {
          provider: 'openai',
          baseURL: mock.deployment('large').url(),
          apiKey: 'large-test-key',
        },
      },
      routes,
    },
  });
  const fallbacks: Omit<FallbackEvent, 'callId'>[] = [];
  client.on('fallback', ({ callId: _callId, ...event }) => fallbacks.push(event));
  return { mock, client, fallbacks };
}

describe('context-window fallback', () => {
  it('sends a prompt too long for the route’s model to the first larger route it fits, with no wasted call', async () => {
    const { mock, client, fallbacks } = setup({
      'gpt-4': {
        deployments: ['small'],
        contextWindowFallbacks: ['gpt-4o-mini', 'gpt-4-1106-preview'],
      },
      'gpt-4o-mini': { deployments: ['small'] },
      'gpt-4-1106-preview': { deployments: ['large'] },
    });
    // gpt-4o-mini is not routed to a larger window than it has: 128k fits too, so it is first.
    await client.chat.completions.create({ ...LONG, model: 'gpt-4', max_tokens: 100 });
    expect(mock.calls.map((call) => [call.deployment, call.body.model])).toEqual([
      ['small', 'gpt-4o-mini'],
    ]);
    expect(fallbacks).toEqual([
      { model: 'gpt-4', from: 'gpt-4', to: 'gpt-4o-mini', reason: 'context_window' },
    ]);
    await client.close();
  });

  it('skips a fallback route whose model cannot give the requested output', async () => {
    const { mock, client } = setup({
      'gpt-4': { deployments: ['small'], contextWindowFallbacks: ['gpt-4-1106-preview', 'gpt-4o'] },
      'gpt-4-1106-preview': { deployments: ['small'] },
      'gpt-4o': { deployments: ['large'] },
    });
    // gpt-4-1106-preview gives at most 4,096 output tokens; gpt-4o gives more.
    await client.chat.completions.create({ ...LONG, model: 'gpt-4', max_tokens: 8_000 });
    expect(mock.calls.map((call) => [call.deployment, call.body.model])).toEqual([
      ['large', 'gpt-4o'],
    ]);
    await client.close();
  });

  it('fails with context_length_exceeded, nothing sent, when no fallback fits', async () => {
    const { mock, client, fallbacks } = setup({
      'gpt-4': { deployments: ['small'], contextWindowFallbacks: ['gpt-4-0613'] },
      'gpt-4-0613': { deployments: ['large'] },
    });
    const error = await client.chat.completions
      .create({ ...LONG, model: 'gpt-4' })
      .catch((caught: unknown) => caught);
    expect(ContextLengthExceededError.isInstance(error)).toBe(true);
    expect(mock.calls).toHaveLength(0);
    expect(fallbacks).toEqual([]);
    await client.close();
  });
});
