// C0 and C1 control characters except the whitespace ones: tab, line feed, carriage return, next line.
const NON_WHITESPACE_CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// The same class without `g` (a `g` regex's `test` is stateful): text rarely holds one.
const HAS_NON_WHITESPACE_CONTROL_CHARACTER = new RegExp(NON_WHITESPACE_CONTROL_CHARACTERS.source);

/** Up to this length a plain scan looks for one faster than the regular expression starts up. */
const SCAN_LIMIT = 256;

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
  const found =
    text.length <= SCAN_LIMIT
      ? hasControlCharacter(text)
      : HAS_NON_WHITESPACE_CONTROL_CHARACTER.test(text);
  return found ? text.replace(NON_WHITESPACE_CONTROL_CHARACTERS, '') : text;
}

/** Whether `text` holds a character of the class above, by a scan of its code units. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    } else if (code >= 0x7f && code <= 0x9f && code !== 0x85) return true;
  }
  return false;
}
