import { extname } from 'node:path';
import { parse, parseDocument, YAMLParseError } from 'yaml';

/** The result of reading a routes file's text: the value, or why it does not parse. */
export type ParsedRoutesText = { value: unknown } | { error: string };

/**
 * Parses a routes file's text by the file's extension: `.yaml`/`.yml` with
 * the `yaml` package (YAML 1.2, so `2024-10-21` stays a string, duplicate
 * keys refused), `.json` with `JSON.parse`. The reason of a failure gives the
 * line and column but never quotes the text, which could hold a key written
 * there by mistake.
 *
 * @param text - the file's content.
 * @param path - the file's path, for its extension.
 * @returns the parsed value, or the reason it does not parse.
 */
export function parseRoutesText(text: string, path: string): ParsedRoutesText {
  const extension = extname(path).toLowerCase();
  const isJson = extension === '.json';
  if (!isJson && extension !== '.yaml' && extension !== '.yml') {
    return {
      error: `unknown extension ${JSON.stringify(extension)} (expected .yaml, .yml or .json)`,
    };
  }
  if (text.trim() === '') return { error: 'the file is empty' };
  return isJson ? parseJson(text) : parseYaml(text);
}

function parseYaml(text: string): ParsedRoutesText {
  try {
    return { value: parse(text) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    // The message ends with " at line L, column C:" and a snippet of the file: keep the reason only.
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    return { error: `${at(error, 'does not parse as YAML')}: ${reason}` };
  }
}

function parseJson(text: string): ParsedRoutesText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { error: describeJsonError(error, text) };
  }
  // JSON.parse keeps the last of two equal keys without a word; JSON is YAML, whose parser tells.
  const duplicate = parseDocument(text).errors.find((found) => found.code === 'DUPLICATE_KEY');
  if (duplicate !== undefined) return { error: at(duplicate, 'a key is given twice') };
  return { value };
}

function describeJsonError(error: SyntaxError, text: string): string {
  const match = / in JSON at position (\d+)/.exec(error.message);
  if (match?.[1] !== undefined) {
    const before = text.slice(0, Number(match[1])).split('\n');
    const column = (before.at(-1)?.length ?? 0) + 1;
    // V8's messages of this form name the problem without quoting the text.
    return `does not parse as JSON: line ${before.length}, column ${column}: ${error.message.slice(0, match.index)}`;
  }
  // Other V8 messages quote the text; the YAML parser can still say where it breaks.
  const found = parseDocument(text).errors[0];
  return found === undefined ? 'does not parse as JSON' : at(found, 'does not parse as JSON');
}

/** `problem` with the place of a YAML parser error, e.g. `does not parse as YAML: line 2, column 1`. */
function at(error: YAMLParseError, problem: string): string {
  const position = error.linePos?.[0];
  return position === undefined
    ? problem
    : `${problem}: line ${position.line}, column ${position.col}`;
}
