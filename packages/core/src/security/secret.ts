import { inspect } from 'node:util';
import { maskSecret } from './mask-secret.js';

/**
 * A secret value (an API key, a Redis URL with a password) that prints,
 * logs and serialises masked: `String(secret)`, `JSON.stringify`,
 * `util.inspect` and `console.log` all show `sk-…abcd`. Only
 * {@link Secret.reveal} returns the clear value, so the key cannot leak by
 * accident through a log line or an error report.
 *
 * @example
 * ```ts
 * const key = new Secret(readKey());
 * logger.info({ key }, 'configured'); // {"key":"sk-…abcd"}
 * new OpenAI({ apiKey: key.reveal() });
 * ```
 */
export class Secret {
  readonly #value: string;

  /** @param value - the secret in clear. */
  constructor(value: string) {
    this.#value = value;
  }

  /** The secret in clear. Call it only where the secret is used. */
  reveal(): string {
    return this.#value;
  }

  /** The masked view, e.g. `sk-…abcd`. */
  toString(): string {
    return maskSecret(this.#value);
  }

  /** The masked view, so `JSON.stringify` never writes the secret. */
  toJSON(): string {
    return this.toString();
  }

  /** The masked view for `util.inspect` and `console.log`. */
  [inspect.custom](): string {
    return `Secret(${this.toString()})`;
  }
}

/**
 * Tells whether `value` is a {@link Secret}.
 *
 * @param value - anything.
 */
export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
