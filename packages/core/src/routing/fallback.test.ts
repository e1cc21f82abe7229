import type { MockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import type { CallInfo } from '../client/call-info.js';
import type { ClientOptions } from '../client/client-options.js';
import { createClient } from '../client/create-client.js';
import { AbortError, BadRequestError, ServerError, ValidationError } from '../errors/errors.js';
import type { FallbackEvent } from '../events/client-events.js';
import {
  callsTo,
  ROUTED_MODEL,
  twoDeploymentMock,
  twoDeploymentRoutes,
} from '../../test/support/two-deployments.js';

const MODEL = ROUTED_MODEL;
const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };
const twoDeployments = twoDeploymentMock;

/** A routed client on the mock (no key of its own), recording its fallbacks. */
function routedClient(
  mock: MockOpenAI,
  options: ClientOptions = {},
  routes = twoDeploymentRoutes(mock),
) {
  const client = createClient({
    fetch: mock.fetch,
    routes,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    cache: { store: 'off' },
    ...options,
  });
  const fallbacks: Omit<FallbackEvent, 'callId'>[] = [];
  client.on('fallback', ({ callId: _callId, ...event }) => fallbacks.push(event));
  return { client, fallbacks };
}

describe('fallback along a route', () => {
  it('falls over on a server error once its retries are spent, and says which deployment answered', async () => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().fail(503);
    mock.deployment('secondary').onChat().reply('from the secondary');
    const { client, fallbacks } = routedClient(mock);
    let info: CallInfo | undefined;
    const completion = await client.chat.completions.create(hello, {
      onCallInfo: (reported) => (info = reported),
    });
    expect(completion.choices[0]?.message.content).toBe('from the secondary');
    expect(callsTo(mock, 'primary')).toBe(2);
    expect(fallbacks).toEqual([
      { model: MODEL, from: 'primary', to: 'secondary', reason: 'server_error' },
    ]);
    expect(info).toMatchObject({ deployment: 'secondary', attempts: 1 });
    await client.close();
  });

  it('sends the deployment’s model when it names one, else the route’s name', async () => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().failOnce(500).failOnce(500);
    const routes = twoDeploymentRoutes(mock, { secondary: { model: 'gpt-4o' } });
    const { client } = routedClient(mock, {}, routes);
    await client.chat.completions.create(hello);
    expect(mock.calls.map((call) => [call.deployment, call.body.model])).toEqual([
      ['primary', MODEL],
      ['primary', MODEL],
      ['secondary', 'gpt-4o'],
    ]);
    await client.close();
  });

  it.each([
    ['a bad request', 400, { code: 'invalid_value' }],
    ['a content-filter refusal', 400, { code: 'content_policy_violation' }],
    ['a wrong key', 401, {}],
    ['a permission error', 403, {}],
  ])('never falls over on %s', async (_name, status, failure) => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().fail(status, failure);
    const { client, fallbacks } = routedClient(mock);
    await expect(client.chat.completions.create(hello)).rejects.toMatchObject({ status });
    expect(callsTo(mock, 'secondary')).toBe(0);
    expect(fallbacks).toEqual([]);
    await client.close();
  });

  it('never falls over on a validation error: nothing is sent', async () => {
    const mock = twoDeployments();
    const { client, fallbacks } = routedClient(mock);
    const error = await client.chat.completions
      .create({ messages: [{ role: 'user', content: 'x' }], temperature: 9 })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(mock.calls).toHaveLength(0);
    expect(fallbacks).toEqual([]);
    await client.close();
  });

  it('never falls over when the caller aborts', async () => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().hang();
    const { client, fallbacks } = routedClient(mock);
    const controller = new AbortController();
    const call = client.chat.completions.create(hello, { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(AbortError.isInstance(await call.catch((caught: unknown) => caught))).toBe(true);
    expect(callsTo(mock, 'secondary')).toBe(0);
    expect(fallbacks).toEqual([]);
    await client.close();
  });

  it.each([
    ['insufficient_quota', 429, { code: 'insufficient_quota', type: 'insufficient_quota' }],
    ['model_not_found', 404, { code: 'model_not_found' }],
    ['rate_limited', 429, { code: 'rate_limit_exceeded', retryAfterMs: 2_000 }],
  ] as const)(
    'falls over on %s and skips the deployment while it cools down',
    async (reason, status, failure) => {
      const mock = twoDeployments();
      mock.deployment('primary').onChat().fail(status, failure);
      const { client, fallbacks } = routedClient(mock, {
        retry: { maxAttempts: 1 },
      });
      await client.chat.completions.create(hello);
      await client.chat.completions.create(hello);
      expect(callsTo(mock, 'primary')).toBe(1);
      expect(callsTo(mock, 'secondary')).toBe(2);
      expect(fallbacks.map((event) => event.reason)).toEqual([reason, reason]);
      const primary = client.health().deployments?.['primary'];
      expect(primary).toMatchObject({ usable: false, circuit: 'closed' });
      expect(primary?.cooldownUntil).toBeGreaterThan(Date.now());
      await client.close();
    },
  );

  it('skips a deployment whose circuit is open, without a call', async () => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().fail(500);
    const { client, fallbacks } = routedClient(mock, {
      retry: { maxAttempts: 1 },
      circuitBreaker: { threshold: 1, halfOpenAfterMs: 60_000 },
    });
    await client.chat.completions.create(hello);
    await client.chat.completions.create(hello);
    expect(callsTo(mock, 'primary')).toBe(1);
    expect(fallbacks.map((event) => event.reason)).toEqual(['server_error', 'circuit_open']);
    expect(client.health()).toMatchObject({
      circuit: 'closed',
      deployments: { primary: { circuit: 'open', usable: false } },
      routes: { [MODEL]: { usable: true } },
    });
    await client.close();
  });

  it('falls over when its own rate limit would make the call wait past maxWaitMs', async () => {
    const mock = twoDeployments();
    const routes = twoDeploymentRoutes(mock, { primary: { rpm: 1 } });
    const { client, fallbacks } = routedClient(mock, { rateLimit: { maxWaitMs: 0 } }, routes);
    await client.chat.completions.create(hello);
    await client.chat.completions.create(hello);
    expect([callsTo(mock, 'primary'), callsTo(mock, 'secondary')]).toEqual([1, 1]);
    expect(fallbacks.map((event) => event.reason)).toEqual(['rate_limited']);
    await client.close();
  });

  it('answers an exhausted chain with the last deployment’s error', async () => {
    const mock = twoDeployments();
    mock.deployment('primary').onChat().fail(503);
    mock.deployment('secondary').onChat().fail(502, { message: 'secondary is down' });
    const { client, fallbacks } = routedClient(mock);
    const error = await client.chat.completions.create(hello).catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 502, message: 'secondary is down' });
    expect(fallbacks).toHaveLength(1);
    expect(client.health().routes).toEqual({ [MODEL]: { usable: true } });
    await client.close();
  });

  it('answers a model without a route with 404 model_not_found when the client has no upstream of its own', async () => {
    const mock = twoDeployments();
    const client = createClient({ routes: twoDeploymentRoutes(mock) });
    const error = await client.chat.completions
      .create({ ...hello, model: 'gpt-4o' })
      .catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    await client.close();
  });
});
