import { z } from 'zod';
import { DEFAULT_MODELS } from './default-models.js';
import { findModel } from './find-model.js';
import type { ModelInfo } from './model-info.js';

const price = z.number({ error: 'expected a price in US dollars per 1,000 tokens' }).min(0);
const tokens = z.number().int({ error: 'expected a whole number of tokens' }).positive();

/**
 * One entry of a models file: any field of {@link ModelInfo}. An entry for a
 * model the built-in table knows (or a dated snapshot of one) corrects only
 * the fields it gives; a new model needs its window, output bound and prices.
 */
export const modelEntrySchema = z
  .object({
    contextWindow: tokens.optional(),
    maxOutputTokens: z
      .number()
      .int({ error: 'expected a whole number of tokens' })
      .min(0)
      .optional(),
    encoding: z.enum(['cl100k_base', 'o200k_base']).optional(),
    inputCostPer1K: price.optional(),
    cachedInputCostPer1K: price.optional(),
    outputCostPer1K: price.optional(),
    dimensions: tokens.optional(),
  })
  .strict();

/** A models file: model name to entry. */
export const modelsFileSchema = z.record(z.string().min(1), modelEntrySchema);

const REQUIRED = ['contextWindow', 'maxOutputTokens', 'inputCostPer1K', 'outputCostPer1K'] as const;

/**
 * Completes a models file's entries over the built-in table: a known model's
 * entry keeps the fields the file does not give; a new model must give the
 * {@link REQUIRED} ones (its tokenizer defaults to `o200k_base`, that of every
 * current OpenAI model).
 *
 * @param entries - the validated file.
 * @returns full entries for `createClient({ models })`, or the problems, each named by model and field.
 */
export function completeModelEntries(
  entries: z.infer<typeof modelsFileSchema>,
): { models: Record<string, ModelInfo> } | { problems: { name: string; message: string }[] } {
  const models: Record<string, ModelInfo> = {};
  const problems: { name: string; message: string }[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const known = findModel(DEFAULT_MODELS, name);
    const defined = Object.fromEntries(
      Object.entries(entry).filter(([, value]) => value !== undefined),
    );
    const merged = { encoding: 'o200k_base', ...known, ...defined } as Partial<ModelInfo>;
    const missing = REQUIRED.filter((field) => merged[field] === undefined);
    if (missing.length > 0) {
      problems.push({
        name,
        message: `a model the table does not know needs ${missing.join(', ')}`,
      });
    } else models[name] = merged as ModelInfo;
  }
  return problems.length > 0 ? { problems } : { models };
}
