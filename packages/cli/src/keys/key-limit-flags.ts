import type { BudgetPeriod, KeyLimitsInput } from '@bulwark/express-adapter/keys';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseExpires } from './parse-expires.js';

// What a flag's parser gives for "no limit" (`none`, `0`, `all`, `never`):
// commander replaces a parsed `null` with `''`, so a word stands for it.
const NONE = 'none';

/** The limit flags of `bulwark keys create` and `update`, as commander parsed them. */
export interface KeyLimitFlags {
  rpm?: number | typeof NONE | undefined;
  tpm?: number | typeof NONE | undefined;
  budgetUsd?: number | typeof NONE | undefined;
  budgetPeriod?: BudgetPeriod | undefined;
  models?: string[] | typeof NONE | undefined;
  expires?: number | typeof NONE | undefined;
}

/** A per-minute limit: a whole number; `0` or `none` turns it off. */
function perMinute(value: string): number | typeof NONE {
  const text = value.trim();
  if (text === 'none' || text === '0') return NONE;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('expected a whole number (0 or none: no limit)');
  }
  return Number(text);
}

/** A budget in dollars (`5`, `0.50`); `none` removes it. */
function dollars(value: string): number | typeof NONE {
  const text = value.trim().replace(/^\$/, '');
  if (text === 'none') return NONE;
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new InvalidArgumentError('expected dollars, e.g. 5 or 0.50 (none: no budget)');
  return Number(text);
}

/** Model names, comma-separated; `all` allows every model. */
function modelList(value: string): string[] | typeof NONE {
  if (value.trim() === 'all') return NONE;
  const models = value.split(',').map((model) => model.trim());
  if (models.some((model) => model === '')) {
    throw new InvalidArgumentError(
      'expected model names separated by commas, e.g. gpt-4o,gpt-4o-mini (all: every model)',
    );
  }
  return models;
}

/**
 * Adds the limit flags to a command: `--rpm`, `--tpm`, `--budget-usd`,
 * `--budget-period`, `--models`, `--expires` (docs/keys.md).
 *
 * @param command - `keys create` or `keys update`.
 */
export function addKeyLimitFlags(command: Command): Command {
  return command
    .addOption(new Option('--rpm <requests>', 'requests per minute (0 or none: no limit)').argParser(perMinute))
    .addOption(new Option('--tpm <tokens>', 'tokens per minute (0 or none: no limit)').argParser(perMinute))
    .addOption(new Option('--budget-usd <dollars>', 'most the key may spend per budget period (none: no budget)').argParser(dollars))
    .addOption(
      new Option('--budget-period <period>', 'the budget’s window: a UTC day, a UTC month, or the key’s life (default: month)')
        .choices(['day', 'month', 'total']),
    )
    .addOption(new Option('--models <names>', 'comma-separated models the key may call (all: every model)').argParser(modelList))
    .addOption(
      new Option('--expires <date>', 'ISO 8601 date (valid through that day, UTC) or timestamp (never: no expiry)')
        .argParser((value) => parseExpires(value) ?? NONE),
    ); // prettier-ignore
}

/** The store's limits from the flags given (`none` → `null`); flags left out are left out. */
export function toKeyLimitsInput(flags: KeyLimitFlags): KeyLimitsInput {
  const value = <Value>(flag: Value | typeof NONE): Value | null => (flag === NONE ? null : flag);
  return {
    ...(flags.rpm === undefined ? {} : { rpm: value(flags.rpm) }),
    ...(flags.tpm === undefined ? {} : { tpm: value(flags.tpm) }),
    ...(flags.budgetUsd === undefined ? {} : { budgetUsd: value(flags.budgetUsd) }),
    ...(flags.budgetPeriod === undefined ? {} : { budgetPeriod: flags.budgetPeriod }),
    ...(flags.models === undefined ? {} : { models: value(flags.models) }),
    ...(flags.expires === undefined ? {} : { expiresAt: value(flags.expires) }),
  };
}
