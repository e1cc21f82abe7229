import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';

/**
 * Validates a request with a schema from `createChatRequestSchema` (or
 * `createEmbeddingRequestSchema`) and returns the request as the schema
 * outputs it (a chat request's text with control characters stripped).
 *
 * @param schema - the request schema.
 * @param request - the caller's request.
 * @returns the request as the schema outputs it.
 * @throws {@link ValidationError} with one issue per bad field, e.g. `messages.2.content`.
 */
export function validateChatRequest<T extends z.ZodType>(schema: T, request: unknown): z.output<T> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const issues = result.error.issues.map(toValidationIssue);
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path || '(request)'}: ${issue.message}`)
    .join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new ValidationError({
    message: `Invalid request: ${summary}${more}`,
    issues,
    param: issues[0]?.path,
  });
}

function toValidationIssue(issue: z.core.$ZodIssue): ValidationIssue {
  return { path: issue.path.map(String).join('.'), message: issue.message };
}
