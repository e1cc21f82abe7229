import { DEFAULT_MODELS } from '@bulwark/core/models';

/** US dollars per 1,000 tokens as OpenAI lists prices: dollars per million tokens. */
function perMillion(perThousand: number): string {
  return `$${Number((perThousand * 1000).toFixed(4))}`;
}

/** The built-in model table as `docs/observability.md` shows it. */
export function renderModelPricesTable(): string {
  const rows = Object.entries(DEFAULT_MODELS).map(
    ([name, model]) =>
      `| \`${name}\` | ${model.contextWindow.toLocaleString('en-US')} | ${model.maxOutputTokens.toLocaleString('en-US')} | ${perMillion(model.inputCostPer1K)} | ${perMillion(model.cachedInputCostPer1K ?? model.inputCostPer1K)} | ${perMillion(model.outputCostPer1K)} |`,
  );
  return [
    '| model | context window | max output | input | cached input | output |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Markers around each generated table in `observability.md`. */
export const OBSERVABILITY_SECTIONS = { 'model-prices': renderModelPricesTable } as const;
