const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * Writes a path into a routes structure the way a reader finds it in the
 * file: `routes.gpt-4o.deployments[1]`; keys with other characters are
 * quoted, `routes["gpt-4.1"].deployments[0]`, so a dotted model name stays
 * one segment.
 *
 * @param path - the keys and indexes from the root.
 * @returns the printable path (empty for the root).
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
