/**
 * Masks a secret for display: the first three and the last four characters
 * survive (`sk-…abcd`), enough to tell two keys apart and nothing more.
 * Secrets shorter than 12 characters are masked completely (`…`), since
 * seven visible characters would give away most of them.
 *
 * @param value - the secret in clear.
 * @returns the masked view.
 */
export function maskSecret(value: string): string {
  if (value.length < 12) return '…';
  return `${value.slice(0, 3)}…${value.slice(-4)}`;
}
