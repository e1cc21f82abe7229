/**
 * `@bulwark/core/hooks`: ready-made hooks for `createClient({ hooks })`.
 *
 * @module @bulwark/core/hooks
 */
export { redactPersonalData, redactPersonalText, passesLuhnCheck } from './redact-personal-data.js';
