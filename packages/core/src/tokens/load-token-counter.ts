import type { TokenizerEncoding } from '../models/model-info.js';

/** Counts the tokens of a text with one encoding. */
export type TokenCounter = (text: string) => number;

// Special-token strings in user text are counted as plain text, as the API encodes them.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const counters = new Map<TokenizerEncoding, Promise<TokenCounter>>();
const loaded = new Map<TokenizerEncoding, TokenCounter>();

/**
 * Loads the `gpt-tokenizer` encoding on first use (each encoding is a few
 * megabytes, so only the ones a call needs are loaded) and returns a counter.
 *
 * @param encoding - `cl100k_base` (GPT-4, GPT-4 Turbo) or `o200k_base` (GPT-4o).
 * @returns a synchronous token counter for that encoding.
 */
export function loadTokenCounter(encoding: TokenizerEncoding): Promise<TokenCounter> {
  let counter = counters.get(encoding);
  if (counter === undefined) {
    counter = importEncoding(encoding).then((module) => {
      const count = (text: string): number => module.countTokens(text, PLAIN_TEXT);
      loaded.set(encoding, count);
      return count;
    });
    counters.set(encoding, counter);
  }
  return counter;
}

function importEncoding(encoding: TokenizerEncoding) {
  return encoding === 'o200k_base'
    ? import('gpt-tokenizer/encoding/o200k_base')
    : import('gpt-tokenizer/encoding/cl100k_base');
}

/**
 * The counter of an encoding that {@link loadTokenCounter} has finished
 * loading, without waiting: the request path checks every call's prompt,
 * and a promise per call would cost more than the check.
 *
 * @param encoding - the encoding.
 * @returns its counter, or `undefined` while it is not loaded yet.
 */
export function loadedTokenCounter(encoding: TokenizerEncoding): TokenCounter | undefined {
  return loaded.get(encoding);
}
