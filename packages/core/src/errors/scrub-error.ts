import { redactSecrets } from '../security/redact-secrets.js';

const COPIED_FIELDS = ['status', 'code', 'type', 'param', 'requestID', 'errno', 'syscall'] as const;
const MAX_DEPTH = 5;

/**
 * A copy of an error that is safe to attach as a `cause`: the name, message,
 * stack, well-known scalar fields (`status`, `code`, `type`, `param`,
 * `requestID`, `errno`, `syscall`), the upstream's JSON error body and the
 * cause chain, each with every secret masked. Everything else is left out,
 * in particular the request headers and options the `openai` SDK keeps on
 * its errors, which hold the `Authorization` header.
 *
 * @param value - the error to copy (anything thrown).
 * @param secrets - secrets in clear to mask (e.g. the configured key).
 * @returns a scrubbed `Error`, a scrubbed string, or `undefined` for anything else.
 */
export function scrubError(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (!(value instanceof Error) || depth > MAX_DEPTH) return undefined;
  const copy = new Error(redactSecrets(value.message, secrets)) as Error & Record<string, unknown>;
  copy.name = value.name === 'Error' ? value.constructor.name : value.name;
  if (value.stack !== undefined) copy.stack = redactSecrets(value.stack, secrets);
  const source = value as unknown as Record<string, unknown>;
  for (const field of COPIED_FIELDS) {
    const fieldValue = source[field];
    if (typeof fieldValue === 'string') copy[field] = redactSecrets(fieldValue, secrets);
    else if (typeof fieldValue === 'number' || typeof fieldValue === 'boolean') {
      copy[field] = fieldValue;
    }
  }
  const body = source['error'];
  if (typeof body === 'object' && body !== null) {
    copy['error'] = JSON.parse(redactSecrets(JSON.stringify(body), secrets)) as unknown;
  }
  if (value.cause !== undefined) copy.cause = scrubError(value.cause, secrets, depth + 1);
  return copy;
}
