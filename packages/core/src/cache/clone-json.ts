/**
 * Deep-copies plain JSON data (what `JSON.parse` returns): several times
 * faster than `JSON.parse` of its text, or `structuredClone`, for the small
 * trees of a chat completion, which makes it the copy on a cache hit.
 *
 * @param value - plain JSON data: objects, arrays, strings, numbers, booleans, `null`.
 * @returns a copy sharing nothing mutable with `value`.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) copy[index] = cloneJson(value[index]);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    // A `__proto__` key (possible in parsed JSON) must stay data, not become the prototype.
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = item;
  }
  return copy as T;
}
