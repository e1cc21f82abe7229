import { timingSafeEqual } from 'node:crypto';
import type { Secret } from '@bulwark/core';
import { sha256 } from '@bulwark/core/security';
import { GatewayHttpError } from './gateway-http-error.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The key of an `Authorization: Bearer <key>` header, or `undefined` when
 * the header is missing or not of that form.
 *
 * @param authorization - the header's value.
 */
export function bearerKey(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

/** The 401 of a missing or unknown key (`invalid_api_key`, `www-authenticate: Bearer`). */
export function invalidKey(missing: boolean, message?: string): GatewayHttpError {
  return new GatewayHttpError({
    status: 401,
    code: 'invalid_api_key',
    message:
      message ??
      (missing
        ? 'Missing API key: send it as "Authorization: Bearer <key>"'
        : 'Incorrect API key provided'),
    headers: { 'www-authenticate': 'Bearer' },
  });
}

/** Checks a request's `authorization` header; see {@link createCallerKeyCheck}. */
export type CallerKeyCheck = (authorization: string | undefined) => string | GatewayHttpError;

/** Finds a request's key among the accepted ones; see {@link createListedKeyMatch}. */
export type ListedKeyMatch = (authorization: string | undefined) => string | undefined;

/**
 * A match of `Authorization: Bearer <key>` against the accepted keys. Both
 * sides are hashed with SHA-256 and compared with `crypto.timingSafeEqual`,
 * against every key, so the time taken tells nothing about a key's content
 * or length. A key not among them costs no error object (the key store may
 * know it).
 *
 * @param apiKeys - the accepted keys, in clear or as `Secret`s; not empty.
 * @returns a match giving the caller's id (`key:` and a short hash of its
 * key), or `undefined` when the header holds none of them.
 * @throws TypeError when `apiKeys` is empty.
 */
export function createListedKeyMatch(apiKeys: readonly (string | Secret)[]): ListedKeyMatch {
  if (apiKeys.length === 0) throw new TypeError('A caller key check needs at least one key');
  const expected = apiKeys.map((key) => sha256(typeof key === 'string' ? key : key.reveal()));
  return (authorization) => {
    const match = BEARER.exec(authorization ?? '');
    const presented = sha256(match?.[1] ?? '');
    let accepted = false;
    for (const key of expected) accepted = timingSafeEqual(presented, key) || accepted;
    return match !== null && accepted ? `key:${presented.toString('hex').slice(0, 12)}` : undefined;
  };
}

/**
 * A check of `Authorization: Bearer <key>` against the accepted keys (see
 * {@link createListedKeyMatch}).
 *
 * @param apiKeys - the accepted keys, in clear or as `Secret`s; not empty.
 * @returns a check giving the caller's id (`key:` and a short hash of its
 * key) or the 401 refusal (`invalid_api_key`, `www-authenticate: Bearer`).
 * @throws TypeError when `apiKeys` is empty.
 */
export function createCallerKeyCheck(apiKeys: readonly (string | Secret)[]): CallerKeyCheck {
  const match = createListedKeyMatch(apiKeys);
  return (authorization) =>
    match(authorization) ?? invalidKey(bearerKey(authorization) === undefined);
}
