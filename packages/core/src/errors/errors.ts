/**
 * The Bulwark error family: one class per failure, each with a fixed `code`
 * (or the upstream's, for `BadRequestError` and `PermissionDeniedError`), a
 * default retryability and a static `isInstance()` that checks a registered
 * symbol marker, so it holds across copies of the package. The table of
 * codes, retryability and gateway statuses is in docs/errors.md.
 */
export * from './request-errors.js';
export * from './upstream-errors.js';
export * from './local-refusal-errors.js';
export * from './config-error.js';
