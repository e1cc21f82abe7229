import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { BeforeRequestHook } from './hooks.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 13 to 19 digits, optionally grouped by single spaces or dashes.
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/**
 * Tells whether a digit string passes the Luhn checksum that every payment
 * card number carries.
 *
 * @param digits - the number, digits only.
 */
export function passesLuhnCheck(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Replaces e-mail addresses by `[email]` and payment card numbers (13–19
 * digits, optionally grouped by spaces or dashes, that pass the Luhn check)
 * by `[card]` in a text. Digit runs that fail the Luhn check (order numbers,
 * phone numbers) are left alone.
 *
 * @param text - any text.
 * @returns the text with personal data replaced.
 */
export function redactPersonalText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD_CANDIDATE, (match) =>
      passesLuhnCheck(match.replace(/[ -]/g, '')) ? '[card]' : match,
    );
}

/**
 * An example `beforeRequest` hook: redacts e-mail addresses and card numbers
 * (see {@link redactPersonalText}) from the text of every outgoing message,
 * string content and text parts alike. Tool call arguments and non-text
 * parts are left unchanged.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey, hooks: { beforeRequest: [redactPersonalData] } });
 * ```
 */
export const redactPersonalData: BeforeRequestHook = (request) => {
  // Copies by spread, then the field replaced: the caller's objects may hold any key (even
  // `__proto__`), which a spread copies as data and `Object.assign` would not.
  const copy = { ...request };
  copy.messages = request.messages.map((message) => {
    const { content } = message;
    if (typeof content === 'string') {
      const redacted = { ...message };
      redacted.content = redactPersonalText(content);
      return redacted;
    }
    if (!Array.isArray(content)) return message;
    const redacted = { ...message };
    redacted.content = content.map((part) => {
      if (part.type !== 'text') return part;
      const text = { ...part };
      text.text = redactPersonalText(part.text);
      return text;
    }) as typeof content;
    return redacted;
  }) as ChatCompletionCreateParams['messages'];
  return copy;
};
