import type { ModelInfo } from './model-info.js';

/**
 * Looks a model up in a table: the exact name first, then the longest entry
 * of which the name is a dated snapshot (`<entry>-<digit>…`, so
 * `gpt-4o-2024-08-06` finds `gpt-4o` and `gpt-4-0314` finds `gpt-4`, while
 * `gpt-4.1` finds nothing). Unknown models get no preflight and no price.
 *
 * @param models - the model table.
 * @param name - the requested model.
 * @returns the model's facts, or `undefined` when the table does not know it.
 */
export function findModel(
  models: Readonly<Record<string, ModelInfo>>,
  name: string,
): ModelInfo | undefined {
  const exact = models[name];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const entry of Object.keys(models)) {
    const isSnapshot = name.startsWith(`${entry}-`) && /\d/.test(name.charAt(entry.length + 1));
    if (isSnapshot && (best === undefined || entry.length > best.length)) best = entry;
  }
  return best === undefined ? undefined : models[best];
}
