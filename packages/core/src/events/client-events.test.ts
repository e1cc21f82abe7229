import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { ClientEventMap, ClientEventName } from './client-events.js';

describe('ClientEventMap', () => {
  it('types every event of the contract with its payload', () => {
    expectTypeOf<ClientEventName>().toEqualTypeOf<
      | 'retry'
      | 'circuitOpen'
      | 'circuitHalfOpen'
      | 'circuitClose'
      | 'bulkheadRejected'
      | 'rateLimited'
      | 'cacheHit'
      | 'cacheMiss'
      | 'cacheError'
      | 'rateLimiterFallback'
      | 'request'
      | 'response'
      | 'error'
      | 'fallback'
    >();
    expectTypeOf<ClientEventMap['retry']>().toEqualTypeOf<{
      attempt: number;
      delayMs: number;
      error: BulwarkError;
    }>();
    expectTypeOf<ClientEventMap['error']['error']>().toEqualTypeOf<BulwarkError>();
  });

  it('lets a client listen to every event name', () => {
    const client = createClient({ fetch: createMockOpenAI().fetch });
    const names: ClientEventName[] = [
      'retry',
      'circuitOpen',
      'circuitHalfOpen',
      'circuitClose',
      'bulkheadRejected',
      'rateLimited',
      'cacheHit',
      'cacheMiss',
      'cacheError',
      'rateLimiterFallback',
      'request',
      'response',
      'error',
    ];
    for (const name of names) expect(typeof client.on(name, () => undefined)).toBe('function');
  });
});
