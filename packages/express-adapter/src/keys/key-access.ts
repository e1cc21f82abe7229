import type { KeyRecord } from './key-store.js';

/**
 * Whether a key has expired: it is valid while `now < expiresAt`.
 *
 * @param record - the key.
 * @param now - the time, in ms since the epoch.
 */
export function isKeyExpired(record: KeyRecord, now: number): boolean {
  return record.limits.expiresAt !== null && now >= record.limits.expiresAt;
}

/**
 * Whether a key may call a model: every model without an allow-list, else
 * the names on it, exactly.
 *
 * @param record - the key.
 * @param model - the request's `model`.
 */
export function isModelAllowed(record: KeyRecord, model: string): boolean {
  return record.limits.models === null || record.limits.models.includes(model);
}
