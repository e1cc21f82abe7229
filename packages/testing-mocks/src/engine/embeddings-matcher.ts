import type { EmbeddingCreateParams } from 'openai/resources/embeddings';

/** Matches an embeddings request by fields: every field given must match. */
export interface EmbeddingsMatcherFields {
  /** The request's `model`: equal to a string, or matching a RegExp. */
  model?: string | RegExp;
  /** One of the request's text inputs: containing a string, or matching a RegExp. */
  input?: string | RegExp;
}

/** Decides whether an embeddings request is answered by a scripted handler. */
export type EmbeddingsPredicate = (body: EmbeddingCreateParams, request: Request) => boolean;

/** Which embeddings requests a handler answers: fields, a predicate, or nothing (every request). */
export type EmbeddingsMatcher = EmbeddingsMatcherFields | EmbeddingsPredicate;

function texts(input: EmbeddingCreateParams['input']): string[] {
  if (typeof input === 'string') return [input];
  return input.filter((item): item is string => typeof item === 'string');
}

/**
 * Whether an embeddings request matches a matcher.
 * @internal
 */
export function matchesEmbeddings(
  matcher: EmbeddingsMatcher | undefined,
  body: EmbeddingCreateParams,
  request: Request,
): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'function') return matcher(body, request);
  const { model, input } = matcher;
  if (
    model !== undefined &&
    !(typeof model === 'string' ? body.model === model : model.test(body.model))
  ) {
    return false;
  }
  if (input === undefined) return true;
  return texts(body.input).some((text) =>
    typeof input === 'string' ? text.includes(input) : input.test(text),
  );
}
