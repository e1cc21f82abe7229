import { KeyStoreError } from './key-store-error.js';

/** What a key's name may be: 1 to 64 of `A-Z a-z 0-9 . _ -`. */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Checks a key's name. Names label metrics and log lines and are part of
 * Redis key names, so they are kept to a small safe alphabet.
 *
 * @param name - the name to check.
 * @returns the name.
 * @throws {@link KeyStoreError} `invalid_key_name`.
 */
export function checkKeyName(name: string): string {
  if (typeof name === 'string' && KEY_NAME_PATTERN.test(name)) return name;
  const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : String(name);
  throw new KeyStoreError({
    code: 'invalid_key_name',
    message: `Invalid key name ${shown}: expected 1 to 64 of A-Z, a-z, 0-9, ".", "_" and "-"`,
  });
}
