import { maskSecret } from './mask-secret.js';

const OPENAI_KEY_PATTERN = /\bsk-[A-Za-z0-9_*.-]{8,}/g;
const BEARER_PATTERN = /\bBearer\s+[^\s"',;]+/gi;

/**
 * Replaces every known secret, anything shaped like an OpenAI key
 * (`sk-…`) and every `Bearer` credential in `text` by a masked view.
 * Used on every message and cause that leaves the client.
 *
 * @param text - text that may contain secrets.
 * @param secrets - secrets in clear to look for (e.g. the configured key).
 * @returns the text with every secret masked.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) {
    // Text seldom holds a secret: look before splitting (this runs on every log line).
    if (secret.length >= 4 && redacted.includes(secret)) {
      redacted = redacted.split(secret).join(maskSecret(secret));
    }
  }
  redacted = redacted.replace(BEARER_PATTERN, 'Bearer [redacted]');
  // A string search is far cheaper than the pattern's scan, and a key always holds `sk-`.
  return redacted.includes('sk-')
    ? redacted.replace(OPENAI_KEY_PATTERN, (match) => maskSecret(match))
    : redacted;
}
