import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/errors.js';
import { parseRoutesText } from '../routes/parse-routes-text.js';
import { completeModelEntries, modelsFileSchema } from './model-entry-schema.js';
import type { ModelInfo } from './model-info.js';

/**
 * Reads a models file (YAML by `.yaml`/`.yml`, JSON by `.json`): prices,
 * windows and tokenizers that correct or extend the built-in table, e.g.
 * negotiated prices or a fine-tuned model (see docs/observability.md, "Cost").
 *
 * @param path - the file, e.g. the value of `BULWARK_MODELS_FILE`.
 * @param options - the folder a relative path is read from, and a reader for tests.
 * @returns entries for `createClient({ models })`, merged over the built-in table there.
 * @throws {@link ConfigError} listing every problem, each named by model and field.
 * @example
 * ```yaml
 * gpt-4o: { inputCostPer1K: 0.002, cachedInputCostPer1K: 0.001, outputCostPer1K: 0.008 }
 * ft:gpt-4o-mini:acme::abc123:
 *   contextWindow: 128000
 *   maxOutputTokens: 16384
 *   inputCostPer1K: 0.0003
 *   outputCostPer1K: 0.0012
 * ```
 */
export function loadModelsFile(
  path: string,
  options: { cwd?: string | undefined; readFile?: ((path: string) => string) | undefined } = {},
): Record<string, ModelInfo> {
  const fail = (issues: { name: string; message: string }[]): ConfigError =>
    new ConfigError({ issues, message: `Invalid models file ${path}` });
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  let text: string;
  try {
    text = (options.readFile ?? ((file) => readFileSync(file, 'utf8')))(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw fail([{ name: path, message: `cannot read the file (${code})` }]);
  }
  const parsed = parseRoutesText(text, absolute);
  if ('error' in parsed) throw fail([{ name: path, message: parsed.error }]);
  const checked = modelsFileSchema.safeParse(parsed.value);
  if (!checked.success) {
    throw fail(
      checked.error.issues.map((issue) => ({
        name: issue.path.join('.') || path,
        message: issue.message,
      })),
    );
  }
  const completed = completeModelEntries(checked.data);
  if ('problems' in completed) throw fail(completed.problems);
  return completed.models;
}
