import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { createKey, listKeys, revokeKey, updateKey } from '../keys/key-actions.js';
import { addKeyLimitFlags, type KeyLimitFlags } from '../keys/key-limit-flags.js';

const STORE_HELP =
  '\nThe store: SQLite in BULWARK_STATE_DIR (default ./.bulwark), or Redis when BULWARK_REDIS_URL is set (docs/keys.md).\n';

/**
 * `bulwark keys create|list|update|revoke` (docs/keys.md): the gateway's
 * named keys, with their own limits and budgets.
 *
 * @param context - streams, environment and working folder.
 */
export function createKeysCommand(context: CliContext): Command {
  const keys = new Command('keys').description(
    'Manage the gateway’s keys: each with its own rpm/tpm limits, models, expiry and spend budget.',
  );
  keys.addCommand(
    addKeyLimitFlags(
      new Command('create')
        .description('Create a key and print it once, alone on stdout (only its hash is stored).')
        .requiredOption('--name <name>', 'unique name: 1–64 of A-Z a-z 0-9 . _ -'),
    )
      .addHelpText(
        'after',
        `\nExamples:\n  bulwark keys create --name billing --budget-usd 50 --budget-period month\n  bulwark keys create --name ci --rpm 60 --models gpt-4o-mini --expires 2026-12-31\n${STORE_HELP}`,
      )
      .action(async (flags: KeyLimitFlags & { name: string }) => createKey(flags, context)),
  );
  keys.addCommand(
    new Command('list')
      .description('List the keys: name, limits, spend this period, last use (never the keys).')
      .addOption(
        new Option(
          '--json',
          'print [{ name, limits, spendUsd, reservedUsd, remainingUsd, periodStart, lastUsedAt }]',
        ).default(false),
      )
      .addHelpText('after', STORE_HELP)
      .action(async (flags: { json: boolean }) => listKeys(flags, context)),
  );
  keys.addCommand(
    addKeyLimitFlags(
      new Command('update')
        .description('Change a key’s limits: flags given are set, the others kept.')
        .argument('<name>', 'the key’s name'),
    )
      .addHelpText(
        'after',
        `\nExample:\n  bulwark keys update billing --budget-usd 80 --rpm none\n${STORE_HELP}`,
      )
      .action(async (name: string, flags: KeyLimitFlags) => updateKey(name, flags, context)),
  );
  keys.addCommand(
    new Command('revoke')
      .description('Revoke a key: refused at once, its spend deleted, its name free again.')
      .argument('<name>', 'the key’s name')
      .addHelpText('after', STORE_HELP)
      .action(async (name: string) => revokeKey(name, context)),
  );
  return keys;
}
