import type { CallUsage } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { KeyStoreError, type KeyStore, type Reservation } from '../keys/index.js';
import type { RateTicket } from '../keys/key-rate-limiter.js';
import { KeyCharge } from './key-charge.js';
import { GatewayHttpError } from './gateway-http-error.js';

const reservation: Reservation = {
  id: 'r1',
  name: 'billing',
  keyId: 'k1',
  amountUsd: 0.25,
  expiresAt: 0,
  tracked: true,
};
const ticket: RateTicket = { id: 't1', name: 'billing', at: 0, tokensCounted: true };

function usage(costUsd: number, source: CallUsage['source'] = 'upstream'): CallUsage {
  return {
    promptTokens: 100,
    completionTokens: 20,
    cachedTokens: 0,
    totalTokens: 120,
    costUsd,
    source,
  };
}

/** A store that records what the charge asked of it. */
function recordingStore(fail = false) {
  const calls: string[] = [];
  const store = {
    settle: async (given: Reservation, cost: number) => {
      if (fail) throw new KeyStoreError({ code: 'key_store_unavailable', message: 'down' });
      calls.push(`settle ${given.id} ${cost}`);
    },
    release: async (given: Reservation) => void calls.push(`release ${given.id}`),
    rateLimiter: {
      admit: async () => {
        throw new Error('not used');
      },
      record: async (given: RateTicket, tokens: number) =>
        void calls.push(`record ${given.id} ${tokens}`),
    },
  } as unknown as KeyStore;
  return { store, calls };
}

describe('KeyCharge', () => {
  it('settles the true cost once, however often it is closed', async () => {
    const { store, calls } = recordingStore();
    const charged: number[] = [];
    const charge = new KeyCharge(store, reservation, ticket, (cost) => charged.push(cost));
    await Promise.all([
      charge.close({ usage: usage(0.01), delivered: true }),
      charge.close({ usage: undefined, delivered: false }),
    ]);
    await charge.close({ usage: undefined, delivered: true });
    expect(calls).toEqual(['settle r1 0.01', 'record t1 120']);
    expect(charged).toEqual([0.01]);
  });

  it('releases a call that failed before anything was delivered, and a cache hit', async () => {
    const failed = recordingStore();
    await new KeyCharge(failed.store, reservation, ticket, () => undefined).close({
      usage: undefined,
      delivered: false,
    });
    expect(failed.calls).toEqual(['release r1']);
    const hit = recordingStore();
    await new KeyCharge(hit.store, reservation, ticket, () => undefined).close({
      usage: usage(0, 'cache'),
      delivered: true,
    });
    expect(hit.calls).toEqual(['release r1', 'record t1 120']);
  });

  it('charges the reservation for a stream cut off after delivering part of it', async () => {
    const { store, calls } = recordingStore();
    await new KeyCharge(store, reservation, ticket, () => undefined).close({
      usage: undefined,
      delivered: true,
    });
    expect(calls).toEqual(['settle r1 0.25']);
  });

  it('answers a failing store with a 503 key_store_unavailable', async () => {
    const { store } = recordingStore(true);
    const closing = new KeyCharge(store, reservation, ticket, () => undefined).close({
      usage: usage(0.01),
      delivered: true,
    });
    await expect(closing).rejects.toBeInstanceOf(GatewayHttpError);
    await expect(closing).rejects.toMatchObject({ status: 503, code: 'key_store_unavailable' });
  });
});
