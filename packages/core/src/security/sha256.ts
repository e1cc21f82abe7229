import * as crypto from 'node:crypto';

// The one-shot `crypto.hash` (Node 20.12 and later) is about twice as fast as
// a Hash object and leaves the garbage collector no native handle to finalise;
// older Node 20 releases lack it.
const oneShot = typeof (crypto as Partial<typeof crypto>).hash === 'function';

/**
 * The SHA-256 of UTF-8 text, in lower-case hex: what the cache keys and the
 * gateway's key store use. On every request, so it takes the one-shot
 * `crypto.hash` where the Node release has it.
 *
 * @param text - the text.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256Hex(text: string): string {
  return oneShot
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The SHA-256 of UTF-8 text, as 32 bytes: for constant-time comparison of
 * secrets (`crypto.timingSafeEqual` needs equal lengths, which digests have).
 *
 * @param text - the text.
 * @returns the digest.
 * @example
 * ```ts
 * timingSafeEqual(sha256(presented), sha256(expected));
 * ```
 */
export function sha256(text: string): Buffer {
  return oneShot
    ? crypto.hash('sha256', text, 'buffer')
    : crypto.createHash('sha256').update(text, 'utf8').digest();
}
