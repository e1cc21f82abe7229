import type { Secret } from '@bulwark/core';
import { isKeyExpired } from '../keys/key-access.js';
import type { KeyRecord, KeyStore } from '../keys/key-store.js';
import {
  bearerKey,
  createCallerKeyCheck,
  createListedKeyMatch,
  invalidKey,
} from './check-caller-key.js';
import { GatewayHttpError } from './gateway-http-error.js';
import { storeFailure } from './key-refusals.js';

/** Who called: the per-caller limit's id, and the store key's record when it was one. */
export interface CallerIdentity {
  /** `key:<name>` for a store key, `key:<hash prefix>` for one of `apiKeys`. */
  readonly id: string;
  /** The store key's record as of this request (a revoke elsewhere is seen at once: docs/keys.md, "Lookups"). */
  readonly key?: KeyRecord | undefined;
}

/** Checks a request's `authorization` header; see {@link createCallerAuthenticator}. */
export type CallerAuthenticator = (
  authorization: string | undefined,
) => CallerIdentity | GatewayHttpError | Promise<CallerIdentity | GatewayHttpError>;

/**
 * The check of `Authorization: Bearer <key>` against the keys of
 * `BULWARK_API_KEYS` (in memory, constant-time) and then the key store
 * (looked up by its SHA-256 on every request, so that a revoke or an
 * expiry takes effect at once). A missing or unknown key is a 401
 * `invalid_api_key`; an expired store key too, with a message saying so;
 * a failing store a 503 `key_store_unavailable`. A store key's use is
 * recorded (`touch`, at most once a second per key).
 *
 * @param apiKeys - the keys of `BULWARK_API_KEYS`.
 * @param keyStore - the key store, if any.
 * @param now - the clock of expiry.
 * @returns the check, or `undefined` when there are neither keys nor store (an open gateway).
 */
export function createCallerAuthenticator(
  apiKeys: readonly (string | Secret)[],
  keyStore: KeyStore | undefined,
  now: () => number = Date.now,
): CallerAuthenticator | undefined {
  if (keyStore === undefined) {
    if (apiKeys.length === 0) return undefined;
    const checkListed = createCallerKeyCheck(apiKeys);
    return (authorization) => identity(checkListed(authorization));
  }
  const matchListed = apiKeys.length === 0 ? undefined : createListedKeyMatch(apiKeys);
  return (authorization) => {
    const listed = matchListed?.(authorization);
    if (listed !== undefined) return { id: listed };
    const presented = bearerKey(authorization);
    if (presented === undefined) return invalidKey(true);
    return keyStore.findByKey(presented).then((record) => {
      if (record === undefined) return invalidKey(false);
      if (isKeyExpired(record, now())) {
        const at = new Date(record.limits.expiresAt ?? 0).toISOString();
        return invalidKey(false, `The API key "${record.name}" expired at ${at}`);
      }
      // At most one write a second per key; a failure to record it fails no request.
      void keyStore.touch(record.name).catch(() => undefined);
      return { id: `key:${record.name}`, key: record };
    }, storeFailure);
  };
}

function identity(checked: string | GatewayHttpError): CallerIdentity | GatewayHttpError {
  return checked instanceof GatewayHttpError ? checked : { id: checked };
}
