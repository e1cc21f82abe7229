/**
 * `@bulwark/core/validation`: the chat request schema (zod) the client
 * validates with, and its bounds.
 *
 * @module @bulwark/core/validation
 */
export { createChatRequestSchema } from './chat-request-schema.js';
export { stripControlCharacters } from './strip-control-characters.js';
export { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from './validation-limits.js';
