import type { ChatMatcher } from './chat-matcher.js';
import type { EmbeddingsMatcher } from './embeddings-matcher.js';

/**
 * A URL path segment decoded, or as it is when it is not valid percent-encoding.
 *
 * @param segment - a path segment (`gpt-4%2Fx`).
 */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * How a scripted handler is named in `assertAllConsumed()`'s message.
 *
 * @param method - the builder's method (`onChat`, `onEmbeddings`).
 * @param matcher - its matcher, if any.
 */
export function describeMatcher(
  method: string,
  matcher: ChatMatcher | EmbeddingsMatcher | undefined,
): string {
  if (matcher === undefined) return `${method}()`;
  if (typeof matcher === 'function') return `${method}(predicate)`;
  const fields = Object.entries(matcher).map(([key, value]) => `${key}: ${String(value)}`);
  return `${method}({ ${fields.join(', ')} })`;
}
