/**
 * `@bulwark/core/security`: secrets kept out of logs, masking and redaction
 * of keys in text, and the base-URL rules (HTTPS unless loopback).
 *
 * @module @bulwark/core/security
 */
export { Secret, isSecret } from './secret.js';
export { maskSecret } from './mask-secret.js';
export { redactSecrets } from './redact-secrets.js';
export { checkBaseUrl } from './check-base-url.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { secretSchema } from '../options/secret-schemas.js';
export { baseUrlSchema } from '../options/client-options-schema.js';
