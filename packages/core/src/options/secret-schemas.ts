import { z } from 'zod';
import { Secret } from '../security/secret.js';

function toSecret(value: string | Secret): Secret {
  return typeof value === 'string' ? new Secret(value) : value;
}

/** A secret given in clear or as a {@link Secret}; parsed into a `Secret`, so it prints masked. */
export const secretSchema = z
  .union([z.string().min(1), z.instanceof(Secret)], { error: 'expected a non-empty string' })
  .transform(toSecret);

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * A URL that may hold a password (a Redis or proxy URL), in clear or as a
 * {@link Secret}; parsed into a `Secret`. Issues never quote the value.
 *
 * @param protocols - the accepted protocols, e.g. `['redis:', 'rediss:']`.
 * @param message - the message for anything else.
 */
export function secretUrlSchema(protocols: readonly string[], message: string) {
  return secretSchema.refine((secret) => hasProtocol(secret.reveal(), protocols), {
    error: message,
  });
}
