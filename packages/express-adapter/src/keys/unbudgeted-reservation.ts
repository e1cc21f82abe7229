import { randomUUID } from 'node:crypto';
import type { KeyRecord, Reservation } from './key-store.js';

/**
 * The reservation of a call by a key without a budget: nothing is set
 * aside, so nothing needs the store (`tracked: false`); its `settle` only
 * adds the spend, and charges nothing once the key was revoked (its
 * `keyId` is the record's id read on this request).
 *
 * @param record - the key, as read for this request.
 * @param ttlMs - how long the reservation would count.
 * @param now - the time, in ms since the epoch.
 */
export function unbudgetedReservation(record: KeyRecord, ttlMs: number, now: number): Reservation {
  return {
    id: randomUUID(),
    name: record.name,
    keyId: record.id,
    amountUsd: 0,
    expiresAt: now + ttlMs,
    tracked: false,
  };
}
