/**
 * `@bulwark/core/validation`: the chat and embeddings request schemas (zod)
 * the client validates with, and their bounds.
 *
 * @module @bulwark/core/validation
 */
export { createChatRequestSchema } from './chat-request-schema.js';
export { stripControlCharacters } from './strip-control-characters.js';
export { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from './validation-limits.js';
export { createEmbeddingRequestSchema, MAX_EMBEDDING_INPUTS } from './embedding-request-schema.js';
