import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { messageText } from '../tokens/count-tokens.js';

/** Matches a request by fields: every field given must match. */
export interface ChatMatcherFields {
  /** The request's `model`: equal to a string, or matching a RegExp. */
  model?: string | RegExp;
  /**
   * The text of the last `user` message: containing a string, or matching a
   * RegExp.
   */
  content?: string | RegExp;
}

/** Decides whether a request is answered by a scripted handler. */
export type ChatPredicate = (body: ChatCompletionCreateParams, request: Request) => boolean;

/**
 * Which chat requests a handler answers: fields, a predicate, or nothing
 * (every request).
 */
export type ChatMatcher = ChatMatcherFields | ChatPredicate;

/** The text of the last `user` message of a request, or `''`. */
export function lastUserText(body: ChatCompletionCreateParams): string {
  const lastUser = body.messages.findLast((message) => message.role === 'user');
  return lastUser ? messageText(lastUser) : '';
}

function matchesText(pattern: string | RegExp, text: string, exact: boolean): boolean {
  if (typeof pattern !== 'string') return pattern.test(text);
  return exact ? text === pattern : text.includes(pattern);
}

/**
 * Whether a request matches a matcher.
 * @internal
 */
export function matchesChat(
  matcher: ChatMatcher | undefined,
  body: ChatCompletionCreateParams,
  request: Request,
): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'function') return matcher(body, request);
  if (matcher.model !== undefined && !matchesText(matcher.model, body.model, true)) return false;
  if (matcher.content !== undefined && !matchesText(matcher.content, lastUserText(body), false)) {
    return false;
  }
  return true;
}
