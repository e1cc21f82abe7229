import { timingSafeEqual } from 'node:crypto';
import type { Secret } from '@bulwark/core';
import { sha256 } from '@bulwark/core/security';
import { GatewayHttpError } from '../node/gateway-http-error.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const BASIC = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;

/** The challenge of a refused status request: a browser then asks for a user name and password. */
export const STATUS_CHALLENGE = 'Basic realm="bulwark", charset="UTF-8"';

/** Checks a status request's `authorization` header; see {@link createStatusAccessCheck}. */
export type StatusAccessCheck = (authorization: string | undefined) => string | GatewayHttpError;

/**
 * A check of the status page's credentials against the gateway keys:
 * `Authorization: Bearer <key>`, or HTTP Basic with any user name and the
 * key as password (what a browser sends once it asked). As for the `/v1`
 * routes, both sides are hashed with SHA-256 and compared with
 * `crypto.timingSafeEqual` against every key, so the time taken tells
 * nothing about a key.
 *
 * @param apiKeys - the accepted keys, in clear or as `Secret`s; not empty.
 * @returns a check giving the caller's id (`key:` and a short hash of its
 * key, as on `/v1`) or the 401 refusal (`invalid_api_key`,
 * `www-authenticate: Basic realm="bulwark"`).
 * @throws TypeError when `apiKeys` is empty.
 */
export function createStatusAccessCheck(apiKeys: readonly (string | Secret)[]): StatusAccessCheck {
  if (apiKeys.length === 0) throw new TypeError('A status access check needs at least one key');
  const expected = apiKeys.map((key) => sha256(typeof key === 'string' ? key : key.reveal()));
  return (authorization) => {
    const key = presentedKey(authorization ?? '');
    const presented = sha256(key ?? '');
    let accepted = false;
    for (const candidate of expected) accepted = timingSafeEqual(presented, candidate) || accepted;
    if (key !== undefined && accepted) return `key:${presented.toString('hex').slice(0, 12)}`;
    return new GatewayHttpError({
      status: 401,
      code: 'invalid_api_key',
      message:
        key === undefined
          ? 'Missing API key: sign in with a gateway key as the password, or send "Authorization: Bearer <key>"'
          : 'Incorrect API key provided',
      headers: { 'www-authenticate': STATUS_CHALLENGE, 'cache-control': 'no-store' },
    });
  };
}

/** The key of a Bearer header, or the password of a Basic one; `undefined` when there is none. */
function presentedKey(authorization: string): string | undefined {
  const bearer = BEARER.exec(authorization);
  if (bearer !== null) return bearer[1];
  const basic = BASIC.exec(authorization);
  if (basic === null) return undefined;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return password === '' ? undefined : password;
}
