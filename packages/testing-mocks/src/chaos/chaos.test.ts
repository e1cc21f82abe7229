import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockOpenAI } from '../engine/create-mock-openai.js';
import { mulberry32 } from './mulberry32.js';

const messages = [{ role: 'user' as const, content: 'chaos' }];

async function outcomes(seed: number, count: number, stream = false): Promise<string[]> {
  const mock = createMockOpenAI({ chaos: { seed, errorRate: 0.5 } });
  const results: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = await mock
      .fetch('https://api.openai.com/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4', messages, stream }),
      })
      .then(
        async (response) => {
          const text = await response.text();
          if (stream && response.ok && !text.includes('[DONE]')) return 'truncated';
          return String(response.status) + (response.headers.has('retry-after-ms') ? '+retry' : '');
        },
        (error: unknown) => (error instanceof TypeError ? 'reset' : 'other'),
      );
    results.push(result);
  }
  return results;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('seeded chaos', () => {
  it('gives the same sequence of faults for the same seed', async () => {
    const first = await outcomes(42, 40);
    expect(await outcomes(42, 40)).toEqual(first);
    expect(await outcomes(7, 40)).not.toEqual(first);
  });

  it('mixes 500, 502, 503, 429 with retry-after, resets and truncated streams', async () => {
    const seen = new Set([...(await outcomes(3, 200)), ...(await outcomes(3, 200, true))]);
    for (const outcome of ['200', '500', '502', '503', '429+retry', 'reset', 'truncated']) {
      expect(seen).toContain(outcome);
    }
  });

  it('injects roughly errorRate faults', async () => {
    const results = await outcomes(11, 400);
    const faults = results.filter((result) => result !== '200').length;
    expect(faults).toBeGreaterThan(150);
    expect(faults).toBeLessThan(250);
  });

  it('leaves requests answered by the script alone', async () => {
    const mock = createMockOpenAI({ chaos: { seed: 1, errorRate: 1 } });
    mock.onChat({ content: 'scripted' }).reply('safe');
    const send = (content: string) =>
      mock.fetch('https://api.openai.com/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content }] }),
      });
    for (let index = 0; index < 10; index += 1) expect((await send('scripted')).status).toBe(200);
    const unscripted = await send('other').then(
      (response) => response.status,
      () => 'reset',
    );
    expect(unscripted).not.toBe(200);
  });

  it('adds a seeded latency below latencyMs, on timers', async () => {
    vi.useFakeTimers();
    const mock = createMockOpenAI({ chaos: { seed: 5, latencyMs: 1000 } });
    // Per request: a fault roll, a fault pick, then the latency roll.
    const random = mulberry32(5);
    random();
    random();
    const latency = Math.floor(random() * 1000);
    expect(latency).toBeGreaterThan(0);
    let answered = false;
    const pending = mock
      .fetch('https://api.openai.com/v1/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ model: 'gpt-4', messages }),
      })
      .then((response) => {
        answered = true;
        return response;
      });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(latency - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(answered).toBe(true);
    expect((await pending).status).toBe(200);
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
