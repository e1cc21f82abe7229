import { checkKeyName, toKeyReport } from '@bulwark/express-adapter/keys';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';
import { UsageError } from '../errors/usage-error.js';
import { describeKeyLimits, formatTime } from './describe-key-limits.js';
import { formatKeyTable, type ListedKey } from './format-key-table.js';
import { toKeyLimitsInput, type KeyLimitFlags } from './key-limit-flags.js';
import { toCliError, withKeyStore } from './with-key-store.js';

/** Refuses an expiry already past: such a key could never be used. */
function checkExpires(flags: KeyLimitFlags): void {
  if (typeof flags.expires === 'number' && flags.expires <= Date.now()) {
    throw new UsageError(`--expires: ${formatTime(flags.expires)} is in the past`);
  }
}

/**
 * `bulwark keys create`: stores a new key and prints it, alone on one line
 * of stdout (the only time it is shown); everything else goes to stderr.
 */
export async function createKey(
  flags: KeyLimitFlags & { name: string },
  context: CliContext,
): Promise<void> {
  checkExpires(flags);
  await withKeyStore(context, async (store, where) => {
    const { key, record } = await store.create(flags.name, toKeyLimitsInput(flags));
    context.stdout.write(`${key}\n`);
    context.stderr.write(
      `Created key "${record.name}" (limits: ${describeKeyLimits(record.limits)}) in ${where}.\n` +
        'Copy the key now: it is not shown again, and only its hash is stored.\n',
    );
    // A gateway started over an empty store does not read it (docs/keys.md): say so once.
    if ((await store.list()).length === 1) {
      context.stderr.write(
        'It is the first key: restart a running `bulwark serve` so that it requires keys.\n',
      );
    }
  });
}

/** Prints the keys: a table on stdout, or the JSON array of `--json`. */
function printKeys(keys: readonly ListedKey[], json: boolean, where: string, context: CliContext) {
  if (json) {
    const report = keys.map(({ record, usage }) => {
      const { name, limits, spendUsd, reservedUsd, remainingUsd, periodStart } = toKeyReport(
        record,
        usage,
      );
      const lastUsedAt =
        record.lastUsedAt === null ? null : new Date(record.lastUsedAt).toISOString();
      return { name, limits, spendUsd, reservedUsd, remainingUsd, periodStart, lastUsedAt };
    });
    context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (keys.length === 0) {
    context.stderr.write(`No keys in ${where}. Create one: bulwark keys create --name <name>\n`);
  } else {
    context.stdout.write(formatKeyTable(keys));
  }
}

/** `bulwark keys list`: a table on stdout, or with `--json` the keys as a JSON array. */
export async function listKeys(flags: { json: boolean }, context: CliContext): Promise<void> {
  await withKeyStore(
    context,
    async (store, where) => {
      const keys: ListedKey[] = [];
      for (const record of await store.list()) {
        keys.push({ record, usage: await store.usage(record.name) });
      }
      printKeys(keys, flags.json, where, context);
    },
    (where) => printKeys([], flags.json, where, context),
  );
}

/** `keys update` and `revoke` without a store: the key cannot exist (exit 2, `unknown_key`). */
function noStore(name: string): (where: string) => never {
  return (where) => {
    try {
      checkKeyName(name);
    } catch (error) {
      throw toCliError(error);
    }
    throw new CliError({
      message: `No key named "${name}" (no key store in ${where})`,
      code: 'unknown_key',
      exitCode: EXIT_CODES.usage,
    });
  };
}

/** `bulwark keys update <name>`: changes the limits given as flags, keeps the others. */
export async function updateKey(
  name: string,
  flags: KeyLimitFlags,
  context: CliContext,
): Promise<void> {
  const changes = toKeyLimitsInput(flags);
  if (Object.keys(changes).length === 0) {
    throw new UsageError(
      'Nothing to update: give at least one of --rpm, --tpm, --budget-usd, --budget-period, --models, --expires',
    );
  }
  checkExpires(flags);
  await withKeyStore(
    context,
    async (store) => {
      const record = await store.update(name, changes);
      context.stderr.write(
        `Updated key "${record.name}" (limits: ${describeKeyLimits(record.limits)}).\n`,
      );
    },
    noStore(name),
  );
}

/** `bulwark keys revoke <name>`: deletes the key; it is refused from the next request on. */
export async function revokeKey(name: string, context: CliContext): Promise<void> {
  await withKeyStore(
    context,
    async (store) => {
      await store.revoke(name);
      context.stderr.write(`Revoked key "${name}": the gateway refuses it from now on.\n`);
    },
    noStore(name),
  );
}
