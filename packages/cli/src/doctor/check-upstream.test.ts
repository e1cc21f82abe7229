import { loadConfig } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { checkUpstream } from './check-upstream.js';

const config = loadConfig({
  env: { OPENAI_API_KEY: 'sk-doctor-0123456789', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' },
});

describe('checkUpstream', () => {
  it('reports a reachable upstream with its latency and model count, sending the key', async () => {
    const mock = createMockOpenAI();
    let authorization: string | null = null;
    const fetch: typeof globalThis.fetch = (input, init) => {
      authorization = new Headers(init?.headers).get('authorization');
      return mock.fetch(input, init);
    };
    const result = await checkUpstream({ config, fetch });
    expect(result).toMatchObject({ reachable: true, status: 200, models: expect.any(Number) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(authorization).toBe('Bearer sk-doctor-0123456789');
  });

  it('reports a rejected key by status and code, without the key', async () => {
    const fetch: typeof globalThis.fetch = async () =>
      Response.json(
        { error: { message: 'Incorrect API key provided: sk-doc…6789', code: 'invalid_api_key' } },
        { status: 401 },
      );
    const result = await checkUpstream({ config, fetch });
    expect(result).toMatchObject({
      reachable: false,
      status: 401,
      reason: 'answered 401 invalid_api_key: the key was rejected',
    });
  });

  it('reports a network failure with its code', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      });
    };
    expect(await checkUpstream({ config, fetch })).toEqual({
      reachable: false,
      reason: 'unreachable (ECONNREFUSED)',
    });
  });

  it('gives up after the timeout', async () => {
    const fetch: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect(await checkUpstream({ config, fetch, timeoutMs: 5 })).toEqual({
      reachable: false,
      reason: 'no answer within 5 ms',
    });
  });
});
