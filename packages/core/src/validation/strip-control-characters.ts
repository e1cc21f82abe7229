// C0 and C1 control characters except the whitespace ones: tab, line feed, carriage return, next line.
const NON_WHITESPACE_CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// The same class without `g` (a `g` regex's `test` is stateful): text rarely holds one.
const HAS_NON_WHITESPACE_CONTROL_CHARACTER = new RegExp(NON_WHITESPACE_CONTROL_CHARACTERS.source);

/**
 * Removes control characters that are not whitespace (NUL, backspace, escape,
 * DEL, the C1 range, …) from text. Tab, line feed, carriage return and next
 * line stay. They have no meaning to the model, and escape sequences in
 * particular can hide instructions or garble a terminal that prints the text.
 *
 * @param text - text content of a message.
 * @returns the text without them.
 */
export function stripControlCharacters(text: string): string {
  return HAS_NON_WHITESPACE_CONTROL_CHARACTER.test(text)
    ? text.replace(NON_WHITESPACE_CONTROL_CHARACTERS, '')
    : text;
}
