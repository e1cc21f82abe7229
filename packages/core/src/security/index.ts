/**
 * `@bulwark/core/security`: secrets kept out of logs, masking and redaction
 * of keys in text, the base-URL rules (HTTPS unless loopback), and SHA-256.
 *
 * @module @bulwark/core/security
 */
export { Secret, isSecret } from './secret.js';
export { maskSecret } from './mask-secret.js';
export { redactSecrets } from './redact-secrets.js';
export { checkBaseUrl } from './check-base-url.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { sha256, sha256Hex } from './sha256.js';
export { secretSchema } from '../options/secret-schemas.js';
export { baseUrlSchema } from '../options/client-options-schema.js';
