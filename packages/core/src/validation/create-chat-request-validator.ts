import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { createChatRequestSchema, validationBounds } from './chat-request-schema.js';
import { plainChatRequest } from './plain-chat-request.js';
import { validateChatRequest } from './validate-chat-request.js';
import type { ValidationLimits } from './validation-limits.js';

/** Validates a chat request; see {@link createChatRequestValidator}. */
export type ChatRequestValidator = (request: unknown) => ChatCompletionCreateParams;

/**
 * A client's check of its chat requests: the schema of
 * `createChatRequestSchema(limits)`, which decides every request and words
 * every error, with the common request (text messages, no tools) taken by a
 * fast path that gives the schema's output without running zod
 * (`plainChatRequest`; docs/architecture.md, "Request path").
 *
 * @param limits - size bounds; each defaults to `DEFAULT_VALIDATION_LIMITS`.
 * @returns the check: the request as the schema outputs it.
 * @throws {@link ValidationError} (from the check) with one issue per bad field.
 */
export function createChatRequestValidator(limits: ValidationLimits = {}): ChatRequestValidator {
  const schema = createChatRequestSchema(limits);
  const bounds = validationBounds(limits);
  return (request) =>
    (plainChatRequest(request, bounds) ??
      validateChatRequest(schema, request)) as ChatCompletionCreateParams;
}
