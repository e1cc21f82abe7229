import { z } from 'zod';

/** The most inputs of one embeddings request (OpenAI's limit). */
export const MAX_EMBEDDING_INPUTS = 2048;

const text = z.string().min(1, { error: 'an input must not be an empty string' });
const tokenId = z.number().int().min(0);
const tokens = z.array(tokenId).min(1, { error: 'a token array must not be empty' });

/**
 * Builds the zod schema of an embeddings request (`POST /v1/embeddings`):
 * `model`; `input` as a text, an array of texts, an array of token ids, or
 * an array of token arrays (non-empty, at most {@link MAX_EMBEDDING_INPUTS}
 * inputs); `encoding_format` `float` or `base64`; `dimensions` ≥ 1; `user`.
 * Fields it does not know pass through unchanged, as for chat requests, so
 * new API parameters keep working. Inputs are never rewritten: an embedding
 * depends on every character.
 *
 * @returns the schema.
 */
export function createEmbeddingRequestSchema() {
  return z.looseObject({
    /** The embedding model, e.g. `text-embedding-3-small`. */
    model: z.string().min(1),
    /** What to embed. */
    input: z.union([
      text,
      z.array(text).min(1).max(MAX_EMBEDDING_INPUTS),
      tokens,
      z.array(tokens).min(1).max(MAX_EMBEDDING_INPUTS),
    ]),
    /** `float` (arrays of numbers) or `base64` (little-endian float32). */
    encoding_format: z.enum(['float', 'base64']).optional(),
    /** Length of the vectors, for models that can shorten them (`text-embedding-3-*`). */
    dimensions: z.number().int().min(1).optional(),
    /** An end-user id, for OpenAI's abuse monitoring. */
    user: z.string().optional(),
  });
}
