import { DEFAULT_MODELS } from './default-models.js';
import type { ModelInfo } from './model-info.js';

/**
 * The built-in model table with the given entries over it, every name kept as data (a name such
 * as `__proto__` too, which `Object.assign` would set as the prototype instead).
 *
 * @param models - the configured entries, if any.
 * @returns a new table; neither argument is changed.
 * @example
 * ```ts
 * const table = withDefaultModels(loadModelsFile('models.json'));
 * ```
 */
export function withDefaultModels(
  models: Readonly<Record<string, ModelInfo>> | undefined,
): Record<string, ModelInfo> {
  return Object.fromEntries([...Object.entries(DEFAULT_MODELS), ...Object.entries(models ?? {})]);
}
