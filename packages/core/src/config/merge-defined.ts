function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * `base` with every field of `patch` that is not `undefined`, nested plain objects merged:
 * how `loadConfig()` lays its overrides over the environment.
 *
 * @param base - the lower source.
 * @param patch - the higher source.
 * @returns a new object; neither input is changed.
 */
export function mergeDefined(
  base: Record<string, unknown>,
  patch: object,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeDefined(current, value) : value;
  }
  return merged;
}
