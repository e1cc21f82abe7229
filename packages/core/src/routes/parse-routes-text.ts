import { extname } from 'node:path';
import { parse, YAMLParseError } from 'yaml';

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
  if (extension === '.json') return parseJson(text);
  if (extension === '.yaml' || extension === '.yml') return parseYaml(text);
  return {
    error: `unknown extension ${JSON.stringify(extension)} (expected .yaml, .yml or .json)`,
  };
}

function parseYaml(text: string): ParsedRoutesText {
  try {
    return { value: parse(text) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    // The message ends with " at line L, column C:" and a snippet of the file: keep the reason only.
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    const position = error.linePos?.[0];
    const where = position === undefined ? '' : `line ${position.line}, column ${position.col}: `;
    return { error: `does not parse as YAML: ${where}${reason}` };
  }
}

function parseJson(text: string): ParsedRoutesText {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const match = / in JSON at position (\d+)/.exec(error.message);
    if (match?.[1] === undefined) return { error: 'does not parse as JSON' };
    const offset = Number(match[1]);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    // V8's messages of this form name the problem without quoting the text.
    const reason = error.message.slice(0, match.index);
    return { error: `does not parse as JSON: line ${line}, column ${column}: ${reason}` };
  }
}
