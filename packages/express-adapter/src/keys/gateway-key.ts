import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@bulwark/core/security';

/** What every key the store makes starts with, so that one is recognised in a leak scan. */
export const GATEWAY_KEY_PREFIX = 'bwk_';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LENGTH = 32;
// The largest multiple of 62 below 256: bytes from it up are drawn again, so
// that every character is equally likely (no modulo bias).
const UNBIASED_BELOW = 248;

/**
 * A new gateway key: `bwk_` and 32 base62 characters from
 * `crypto.randomBytes`, about 190 bits of entropy.
 */
export function generateGatewayKey(): string {
  let key = GATEWAY_KEY_PREFIX;
  while (key.length < GATEWAY_KEY_PREFIX.length + LENGTH) {
    for (const byte of randomBytes(LENGTH)) {
      if (byte >= UNBIASED_BELOW) continue;
      key += ALPHABET[byte % ALPHABET.length];
      if (key.length === GATEWAY_KEY_PREFIX.length + LENGTH) break;
    }
  }
  return key;
}

/**
 * What the store keeps of a key: its SHA-256, in hex. A fast hash is the
 * right one here: a slow password hash (bcrypt, scrypt) guards short,
 * guessable secrets against a stolen database, but these keys are random
 * with about 190 bits, beyond any brute force, and a key is checked on
 * every request, where a slow hash would cost each call milliseconds.
 *
 * @param key - the key as presented.
 */
export function hashGatewayKey(key: string): string {
  return sha256Hex(key);
}
