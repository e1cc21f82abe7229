import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/create-client.js';
import type { FallbackEvent } from '../events/client-events.js';
import {
  callsTo,
  twoDeploymentMock,
  twoDeploymentRoutes,
} from '../../test/support/two-deployments.js';

const hello = { messages: [{ role: 'user' as const, content: 'Hello there' }] };

function setup(options: { timeoutMs?: number } = {}) {
  const mock = twoDeploymentMock();
  const client = createClient({
    fetch: mock.fetch,
    routes: twoDeploymentRoutes(mock),
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    cache: { store: 'off' },
    ...options,
  });
  const reasons: FallbackEvent['reason'][] = [];
  client.on('fallback', ({ reason }) => reasons.push(reason));
  return { mock, client, reasons };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fallback on transient failures, once the retries are spent', () => {
  it('falls over when every attempt on the primary times out', async () => {
    const { mock, client, reasons } = setup({ timeoutMs: 1_000 });
    mock.deployment('primary').onChat().hang();
    mock.deployment('secondary').onChat().reply('from the secondary');
    vi.useFakeTimers();
    const call = client.chat.completions.create(hello);
    await vi.advanceTimersByTimeAsync(2_100);
    const completion = await call;
    expect(completion.choices[0]?.message.content).toBe('from the secondary');
    expect(callsTo(mock, 'primary')).toBe(2);
    expect(reasons).toEqual(['timeout']);
    vi.useRealTimers();
    await client.close();
  });

  it('falls over when the primary cannot be reached', async () => {
    const { mock, client, reasons } = setup();
    mock.deployment('primary').onChat().reset();
    mock.deployment('secondary').onChat().reply('from the secondary');
    const completion = await client.chat.completions.create(hello);
    expect(completion.choices[0]?.message.content).toBe('from the secondary');
    expect(callsTo(mock, 'primary')).toBe(2);
    expect(reasons).toEqual(['connection_error']);
    await client.close();
  });

  it('falls over at once on a deprecated model, without retrying it', async () => {
    const { mock, client, reasons } = setup();
    mock.deployment('primary').onChat().fail(404, { code: 'model_deprecated' });
    await client.chat.completions.create(hello);
    expect(callsTo(mock, 'primary')).toBe(1);
    expect(reasons).toEqual(['model_not_found']);
    await client.close();
  });
});
