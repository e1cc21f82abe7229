import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Makes an identifier shaped like OpenAI's (`chatcmpl-…`, `call_…`, `req_…`).
 *
 * @param prefix - text before the random part, e.g. `chatcmpl-`.
 * @param length - number of random characters.
 * @internal
 */
export function createId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
