import { countPromptTokens, type PromptParts } from './count-prompt-tokens.js';

/** Counts a text as its UTF-8 length: no encoding has a token shorter than one byte. */
const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * An upper bound of {@link countPromptTokens}, for any encoding, at a small
 * fraction of its cost: the same message-format rule with every text counted
 * as its UTF-8 byte length. A BPE token covers at least one byte, so no text
 * has more tokens than bytes. When the bound plus the requested completion
 * fits a context window, the exact count cannot exceed it either.
 *
 * @param parts - messages and tools of the request.
 * @returns a number never below the exact prompt count.
 * @example
 * ```ts
 * promptTokenBound({ messages: [{ role: 'user', content: 'Hello' }] }); // 3 + 3 + 4 + 5 = 15
 * ```
 */
export function promptTokenBound(parts: PromptParts): number {
  return countPromptTokens(parts, utf8Length);
}
